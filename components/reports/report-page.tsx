import { getLocale } from "next-intl/server";
import { toLocale } from "@/lib/i18n/config";
import { reportMessages } from "@/lib/i18n/sections/reports";
import { loadReportPage, type SearchParams } from "@/lib/reports/load";
import { ReportView } from "./registry";
import { ReportActions } from "./report-actions";
import { ReportFilterBar } from "./report-filter-bar";
import type { ReportKind } from "./types";

/** The signed-in page of one report: the filter bar, share/export actions, then the report itself. */
export async function ReportPage({ kind, searchParams }: { kind: ReportKind; searchParams: SearchParams }) {
  const { viewer, ctx, links, query } = await loadReportPage(kind, searchParams);
  if (!ctx) {
    const t = reportMessages[toLocale(await getLocale())].frame;
    return <p className="mx-auto max-w-3xl px-6 py-10 text-gray-600">{t.noPortal}</p>;
  }
  return (
    <ReportView
      kind={kind}
      ctx={ctx}
      links={links}
      filterBar={<ReportFilterBar ctx={ctx} />}
      actions={<ReportActions kind={kind} role={viewer.role} query={query} locale={ctx.locale} />}
    />
  );
}
