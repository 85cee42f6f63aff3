import { type CommentPage, searchComments } from "@/lib/comments/search";
import { formatInt } from "@/lib/format";
import { localName } from "@/lib/i18n/names";
import type { CommentsText } from "@/lib/i18n/sections/comments";
import type { ReportContext } from "@/lib/reports/context";
import { listThemes } from "@/lib/themes/tagging";
import { type CommentParams, commentsHref } from "@/lib/url-state/comments";
import type { Filters } from "@/lib/url-state/filters";
import { CommentCard } from "./comment-card";

/** One page of comments: count, the fuzzy notice, the cards, and keyset links. */
export async function CommentResults({
  ctx,
  filters,
  params,
  t,
  canEdit,
}: {
  ctx: ReportContext;
  filters: Filters;
  params: CommentParams;
  t: CommentsText;
  /** A director or admin: theme chips can be corrected. */
  canEdit: boolean;
}) {
  const [page, themes] = await Promise.all([
    searchComments(ctx.db, ctx.scope, filters, params),
    listThemes(ctx.db, ctx.portal.id),
  ]);
  const { locale } = ctx;
  const themeName = new Map(themes.map((th) => [th.id, localName(th, locale)]));
  const enabledThemes = themes
    .filter((th) => th.enabled)
    .map((th) => ({ id: th.id, name: localName(th, locale) }));
  const n = (x: number) => formatInt(x, locale);
  // Every link starts a new search at its first page.
  const link = (extra: Partial<CommentParams>) =>
    commentsHref(filters, { ...params, after: null, pos: 0, ...extra });
  const to = params.pos + page.rows.length;
  return (
    <section aria-label={t.found} className="min-w-0 space-y-3">
      <ResultCount page={page} pos={params.pos} t={t} n={n} />
      {page.suggestion && (
        <p className="text-sm text-gray-700" data-testid="did-you-mean">
          {t.didYouMean}{" "}
          <a className="font-medium text-blue-700 hover:underline" href={link({ q: page.suggestion })}>
            {page.suggestion}
          </a>
          ?
        </p>
      )}
      <FuzzyNotice page={page} t={t} />
      {page.rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-gray-300 bg-white p-8 text-center text-gray-500">
          {params.q ? t.empty : t.emptyNoComments}
        </p>
      ) : (
        <ol className="space-y-3">
          {page.rows.map((r) => (
            <CommentCard
              key={r.key}
              r={r}
              filters={filters}
              themeName={themeName}
              enabledThemes={canEdit ? enabledThemes : null}
              t={t}
              locale={locale}
              currency={ctx.portal.baseCurrency}
              offset={ctx.portal.offset}
            />
          ))}
        </ol>
      )}
      <ResultPager
        next={page.next}
        after={params.after}
        first={link({})}
        nextHref={page.next ? link({ after: page.next, pos: to }) : ""}
        t={t}
      />
    </section>
  );
}

/** The typo / partial-word fallback ran: say so, with the stored words it searched for. */
function FuzzyNotice({ page, t }: { page: CommentPage; t: CommentsText }) {
  if (page.mode !== "fuzzy" || page.rows.length === 0) return null;
  return (
    <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">
      {t.fuzzy}
      {page.similarWords.length > 0 && (
        <>
          {" "}
          · {t.similar}: {page.similarWords.join(", ")}
        </>
      )}
    </p>
  );
}

/** Back to the first page, and on to the next (keyset: there is no page number). */
function ResultPager(props: {
  next: string | null;
  after: string | null;
  first: string;
  nextHref: string;
  t: CommentsText;
}) {
  const { t } = props;
  if (!props.next && !props.after) return null;
  return (
    <nav className="flex justify-between text-sm" aria-label={t.found}>
      {props.after ? (
        <a href={props.first} className="text-blue-700 underline">
          ← {t.first}
        </a>
      ) : (
        <span />
      )}
      {props.next && (
        <a href={props.nextHref} className="text-blue-700 underline" rel="next">
          {t.next} →
        </a>
      )}
    </nav>
  );
}

/** "Found: 240", and which of them this page shows. */
function ResultCount(props: {
  page: Pick<CommentPage, "total" | "totalCapped" | "rows">;
  pos: number;
  t: CommentsText;
  n: (x: number) => string;
}) {
  const { page, t, n } = props;
  const capped = page.totalCapped ? "+" : "";
  const to = props.pos + page.rows.length;
  return (
    <p className="text-sm text-gray-600" aria-live="polite">
      {t.found}:{" "}
      <strong data-testid="comment-total">
        {n(page.total)}
        {capped}
      </strong>
      {page.rows.length > 0 && page.total > page.rows.length && (
        <span className="ml-2 text-gray-400">
          {t.shown} {n(props.pos + 1)}–{n(to)} {t.of} {n(page.total)}
          {capped}
        </span>
      )}
    </p>
  );
}
