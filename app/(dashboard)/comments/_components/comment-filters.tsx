import { getCommentAuthors } from "@/lib/comments/authors";
import type { Locale } from "@/lib/i18n/config";
import { localName } from "@/lib/i18n/names";
import type { CommentsText } from "@/lib/i18n/sections/comments";
import type { ReportContext } from "@/lib/reports/context";
import { listThemes } from "@/lib/themes/tagging";
import { COMMENT_OUTCOMES, type CommentParams, commentSort } from "@/lib/url-state/comments";
import { type Filters, serializeFilters } from "@/lib/url-state/filters";
import { href } from "@/lib/url-state/params";
import { serializeSort } from "@/lib/url-state/table";

const select =
  "mt-1 block w-full rounded-md border border-gray-300 bg-white px-2 py-1.5 text-sm shadow-sm focus:border-blue-500 focus:outline-none";
const labelClass = "text-xs font-medium text-gray-600";

type Choice = { value: string | number; label: string };

function Choose(props: { label: string; name: string; value: string | number; choices: Choice[] }) {
  return (
    <label className={labelClass}>
      {props.label}
      <select name={props.name} defaultValue={props.value} className={select}>
        {props.choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The choices of each select, from the messages and the portal's themes and comment authors. */
function choicesOf(
  t: CommentsText,
  locale: Locale,
  themes: { id: number; nameRu: string; nameEn: string }[],
  authors: { id: number; name: string }[],
) {
  return {
    outcome: COMMENT_OUTCOMES.map((o) => ({ value: o, label: t.outcomes[o] })),
    theme: [
      { value: "", label: t.anyTheme },
      ...themes.map((th) => ({ value: th.id, label: localName(th, locale) })),
    ],
    author: [{ value: "", label: t.any }, ...authors.map((a) => ({ value: a.id, label: a.name }))],
    priorWin: [
      { value: "", label: t.any },
      { value: "1", label: t.yes },
      { value: "0", label: t.no },
    ],
    sort: [
      { value: "relevance", label: t.sorts.relevance },
      { value: "-date", label: t.sorts.date },
      { value: "date", label: t.sorts.dateAsc },
      { value: "-amount", label: t.sorts.amount },
      { value: "amount", label: t.sorts.amountAsc },
    ],
  };
}

/**
 * The browser's own filters as a plain GET form (works without JavaScript): the global filters and the query
 * ride along as hidden fields, so applying keeps the rest of the view.
 */
export async function CommentFilters({
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
  const [authors, themes] = await Promise.all([
    getCommentAuthors(ctx.db, ctx.scope),
    listThemes(ctx.db, ctx.portal.id),
  ]);
  const hidden = serializeFilters({ ...filters, sort: null, page: 1 });
  const sort = commentSort(filters, params.q);
  // Relevance has one direction only, so it is never written with a minus.
  const sortValue = sort.key === "relevance" ? sort.key : serializeSort(sort);
  const c = choicesOf(t, ctx.locale, themes, authors);
  return (
    <form method="get" action="/comments" className="mt-4 grid grid-cols-2 gap-3 md:grid-cols-6">
      {[...hidden].map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      {params.q && <input type="hidden" name="q" value={params.q} />}
      <Choose label={t.outcome} name="outcome" value={params.outcome} choices={c.outcome} />
      <Choose label={t.theme} name="theme" value={params.theme ?? ""} choices={c.theme} />
      <Choose label={t.author} name="author" value={params.author ?? ""} choices={c.author} />
      <Choose
        label={t.priorWin}
        name="priorWin"
        value={params.priorWin === null ? "" : params.priorWin ? "1" : "0"}
        choices={c.priorWin}
      />
      <Choose label={t.sort} name="sort" value={sortValue} choices={c.sort} />
      <div className="flex flex-wrap items-end gap-2">
        <button
          type="submit"
          className="rounded-md bg-blue-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-700"
        >
          {t.apply}
        </button>
        <a href={href("/comments", hidden)} className="px-2 py-1.5 text-sm text-gray-600 underline">
          {t.reset}
        </a>
      </div>
    </form>
  );
}
