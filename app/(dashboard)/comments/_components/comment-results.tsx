import { searchComments } from "@/lib/comments/search";
import { formatDate } from "@/lib/format";
import type { CommentsText } from "@/lib/i18n/sections/comments";
import type { ReportContext } from "@/lib/reports/context";
import { listThemes } from "@/lib/themes/tagging";
import type { CommentParams } from "@/lib/url-state/comments";
import { serializeCommentParams } from "@/lib/url-state/comments";
import { dealDrillHref } from "@/lib/url-state/deals";
import { type Filters, serializeFilters } from "@/lib/url-state/filters";
import { HighlightedText } from "./highlighted-text";

const OUTCOME_STYLE = {
  lost: "bg-red-50 text-red-700",
  won: "bg-green-50 text-green-700",
  open: "bg-gray-100 text-gray-600",
} as const;

/** One page of comments: count, the fuzzy notice, the cards, and keyset links. */
export async function CommentResults({
  ctx,
  filters,
  params,
  t,
}: {
  ctx: ReportContext;
  filters: Filters;
  params: CommentParams;
  t: CommentsText;
}) {
  const [page, themes] = await Promise.all([
    searchComments(ctx.db, ctx.scope, filters, params),
    listThemes(ctx.db, ctx.portal.id),
  ]);
  const ru = ctx.locale === "ru";
  const themeName = new Map(themes.map((th) => [th.id, ru ? th.nameRu : th.nameEn]));
  const nf = new Intl.NumberFormat(ru ? "ru-RU" : "en-GB");
  const money = new Intl.NumberFormat(ru ? "ru-RU" : "en-GB", {
    style: "currency",
    currency: ctx.portal.baseCurrency,
    maximumFractionDigits: 0,
  });
  const base = serializeFilters(filters);
  const href = (extra: Partial<CommentParams>) =>
    `/comments?${serializeCommentParams({ ...params, after: null, pos: 0, ...extra }, new URLSearchParams(base)).toString()}`;
  const from = params.pos + 1;
  const to = params.pos + page.rows.length;
  return (
    <section aria-label={t.found} className="min-w-0 space-y-3">
      <p className="text-sm text-gray-600" aria-live="polite">
        {t.found}:{" "}
        <strong data-testid="comment-total">
          {nf.format(page.total)}
          {page.totalCapped ? "+" : ""}
        </strong>
        {page.rows.length > 0 && page.total > page.rows.length && (
          <span className="ml-2 text-gray-400">
            {t.shown} {nf.format(from)}–{nf.format(to)} {t.of} {nf.format(page.total)}
            {page.totalCapped ? "+" : ""}
          </span>
        )}
      </p>
      {page.suggestion && (
        <p className="text-sm text-gray-700" data-testid="did-you-mean">
          {t.didYouMean}{" "}
          <a className="font-medium text-blue-700 hover:underline" href={href({ q: page.suggestion })}>
            {page.suggestion}
          </a>
          ?
        </p>
      )}
      {page.mode === "fuzzy" && page.rows.length > 0 && (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">
          {t.fuzzy}
          {page.similarWords.length > 0 && (
            <>
              {" "}
              · {t.similar}: {page.similarWords.join(", ")}
            </>
          )}
        </p>
      )}
      {page.rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-gray-300 bg-white p-8 text-center text-gray-500">
          {params.q ? t.empty : t.emptyNoComments}
        </p>
      ) : (
        <ol className="space-y-3">
          {page.rows.map((r) => (
            <li key={r.key} className="rounded-lg border border-gray-200 bg-white p-4 shadow-sm">
              <div className="flex flex-wrap items-center gap-2 text-xs text-gray-500">
                <span className={`rounded px-1.5 py-0.5 font-medium ${OUTCOME_STYLE[r.outcome]}`}>
                  {t.outcomeBadge[r.outcome]}
                </span>
                {r.createdAt && (
                  <time dateTime={r.createdAt}>{formatDate(r.createdAt, ctx.locale, ctx.portal.offset)}</time>
                )}
                <span>· {r.authorName ?? (r.authorId ? `#${r.authorId}` : "—")}</span>
                <span>· {t.sources[r.source]}</span>
                {r.themeIds.map((id) => (
                  <span key={id} className="rounded-full bg-blue-50 px-2 py-0.5 text-blue-700">
                    {themeName.get(id) ?? id}
                  </span>
                ))}
              </div>
              <p className="mt-2 whitespace-pre-line break-words text-gray-900" data-testid="comment-text">
                <HighlightedText segments={r.segments} />
              </p>
              <div className="mt-3 flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
                <a href={dealDrillHref(filters, r)} className="font-medium text-blue-700 hover:underline">
                  {t.deal} #{r.dealId}: {r.dealTitle}
                </a>
                <span className="text-gray-600">{money.format(r.amount)}</span>
                {r.outcome === "lost" && (
                  <>
                    <span className="text-gray-600">
                      {t.reason}: {r.reasonLabel ?? t.notSpecified}
                    </span>
                    <span className="text-gray-600">
                      {t.lostAt}: {r.lostAtStageName ?? t.unknownStage}
                    </span>
                  </>
                )}
                {r.managerName && (
                  <span className="text-gray-600">
                    {t.manager}: {r.managerName}
                  </span>
                )}
                {r.priorWin && (
                  <span className="rounded bg-purple-50 px-1.5 py-0.5 text-xs text-purple-700">
                    {t.priorWinBadge}
                  </span>
                )}
                <a
                  href={r.bitrixUrl}
                  target="_blank"
                  rel="noopener noreferrer"
                  className="ml-auto text-xs text-gray-500 underline hover:text-gray-800"
                >
                  {t.openBitrix} ↗
                </a>
              </div>
            </li>
          ))}
        </ol>
      )}
      {(page.next || params.after) && (
        <nav className="flex justify-between text-sm" aria-label={t.found}>
          {params.after ? (
            <a href={href({})} className="text-blue-700 underline">
              ← {t.first}
            </a>
          ) : (
            <span />
          )}
          {page.next && (
            <a href={href({ after: page.next, pos: to })} className="text-blue-700 underline" rel="next">
              {t.next} →
            </a>
          )}
        </nav>
      )}
    </section>
  );
}
