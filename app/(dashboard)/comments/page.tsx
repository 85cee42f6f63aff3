import type { Metadata } from "next";
import { connection } from "next/server";
import { getLocale } from "next-intl/server";
import { Suspense } from "react";
import { ReportFilterBar } from "@/components/reports/report-filter-bar";
import { toLocale } from "@/lib/i18n/config";
import { commentsMessages } from "@/lib/i18n/sections/comments";
import { loadReportPage, type SearchParams } from "@/lib/reports/load";
import { CORRECTION_ROLES } from "@/lib/themes/corrections";
import { COMMENT_SORTS, commentsExportHref, parseCommentParams } from "@/lib/url-state/comments";
import { CommentFilters } from "./_components/comment-filters";
import { CommentResults } from "./_components/comment-results";
import { MissingComments } from "./_components/missing-comments";
import { SearchBox } from "./_components/search-box";

export const metadata: Metadata = { title: "Комментарии · LossLens" };

/** The comment browser: search, filters, results with keyset pages, and lost deals still lacking a comment. */
export default async function CommentsPage({ searchParams }: { searchParams: SearchParams }) {
  await connection();
  // The comment browser has its own sort keys (relevance, date, amount).
  const { viewer, ctx } = await loadReportPage("comments", searchParams, { sorts: COMMENT_SORTS });
  if (!ctx)
    return (
      <p className="mx-auto max-w-3xl px-6 py-10 text-gray-600">
        {commentsMessages[toLocale(await getLocale())].noPortal}
      </p>
    );
  const { locale } = ctx;
  const t = commentsMessages[locale];
  const params = await searchParams;
  const { filters } = ctx;
  const cp = parseCommentParams(params);
  return (
    <div className="mx-auto max-w-6xl space-y-6 px-6 py-8">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">{t.title}</h1>
          <p className="mt-1 text-sm text-gray-500">{t.subtitle}</p>
        </div>
        <div className="flex gap-3 text-sm">
          <a href="/themes" className="text-blue-700 underline hover:text-blue-900">
            {t.themesLink}
          </a>
          <a
            href={commentsExportHref(filters, cp)}
            className="rounded-md border border-gray-300 bg-white px-3 py-1 text-gray-700 hover:bg-gray-100"
          >
            {t.export}
          </a>
        </div>
      </header>
      <ReportFilterBar ctx={ctx} />
      <section className="rounded-lg border border-gray-200 bg-white p-4 shadow-sm">
        <Suspense>
          <SearchBox label={t.searchLabel} placeholder={t.searchPlaceholder} help={t.searchHelp} />
        </Suspense>
        <Suspense>
          <CommentFilters ctx={ctx} filters={filters} params={cp} t={t} />
        </Suspense>
      </section>
      <div className="grid grid-cols-[minmax(0,1fr)] gap-6 lg:grid-cols-[minmax(0,1fr)_18rem]">
        <Suspense
          key={JSON.stringify([filters, cp])}
          fallback={<div className="h-64 animate-pulse rounded-lg bg-gray-100" aria-busy="true" />}
        >
          <CommentResults
            ctx={ctx}
            filters={filters}
            params={cp}
            t={t}
            canEdit={CORRECTION_ROLES.includes(viewer.role)}
          />
        </Suspense>
        <Suspense fallback={<div className="h-40 animate-pulse rounded-lg bg-gray-100" aria-busy="true" />}>
          <MissingComments ctx={ctx} t={t} />
        </Suspense>
      </div>
    </div>
  );
}
