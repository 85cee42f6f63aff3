import { getCommentAuthors } from "@/lib/comments/authors";
import type { CommentsText } from "@/lib/i18n/sections/comments";
import type { ReportContext } from "@/lib/reports/context";
import { listThemes } from "@/lib/themes/tagging";
import { COMMENT_OUTCOMES, type CommentParams, commentSort } from "@/lib/url-state/comments";
import { type Filters, serializeFilters } from "@/lib/url-state/filters";

const select =
  "mt-1 block w-full rounded-md border border-gray-300 bg-white px-2 py-1.5 text-sm shadow-sm focus:border-blue-500 focus:outline-none";

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
  const sortValue = `${sort.dir === "desc" && sort.key !== "relevance" ? "-" : ""}${sort.key}`;
  const ru = ctx.locale === "ru";
  return (
    <form method="get" action="/comments" className="mt-4 grid grid-cols-2 gap-3 md:grid-cols-6">
      {[...hidden].map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      {params.q && <input type="hidden" name="q" value={params.q} />}
      <label className="text-xs font-medium text-gray-600">
        {t.outcome}
        <select name="outcome" defaultValue={params.outcome} className={select}>
          {COMMENT_OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {t.outcomes[o]}
            </option>
          ))}
        </select>
      </label>
      <label className="text-xs font-medium text-gray-600">
        {t.theme}
        <select name="theme" defaultValue={params.theme ?? ""} className={select}>
          <option value="">{t.anyTheme}</option>
          {themes.map((th) => (
            <option key={th.id} value={th.id}>
              {ru ? th.nameRu : th.nameEn}
            </option>
          ))}
        </select>
      </label>
      <label className="text-xs font-medium text-gray-600">
        {t.author}
        <select name="author" defaultValue={params.author ?? ""} className={select}>
          <option value="">{t.any}</option>
          {authors.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
      <label className="text-xs font-medium text-gray-600">
        {t.priorWin}
        <select
          name="priorWin"
          defaultValue={params.priorWin === null ? "" : params.priorWin ? "1" : "0"}
          className={select}
        >
          <option value="">{t.any}</option>
          <option value="1">{t.yes}</option>
          <option value="0">{t.no}</option>
        </select>
      </label>
      <label className="text-xs font-medium text-gray-600">
        {t.sort}
        <select name="sort" defaultValue={sortValue} className={select}>
          <option value="relevance">{t.sorts.relevance}</option>
          <option value="-date">{t.sorts.date}</option>
          <option value="date">{t.sorts.dateAsc}</option>
          <option value="-amount">{t.sorts.amount}</option>
          <option value="amount">{t.sorts.amountAsc}</option>
        </select>
      </label>
      <div className="flex items-end gap-2">
        <button
          type="submit"
          className="rounded-md bg-blue-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-700"
        >
          {t.apply}
        </button>
        <a href={`/comments?${hidden.toString()}`} className="px-2 py-1.5 text-sm text-gray-600 underline">
          {t.reset}
        </a>
      </div>
    </form>
  );
}
