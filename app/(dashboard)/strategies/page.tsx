import type { Metadata } from "next";
import { createShareLinkAction, shareManagersAction } from "@/app/(dashboard)/shared-links/actions";
import { ReportFilterBar } from "@/components/reports/report-filter-bar";
import { ReportPage } from "@/components/reports/report-page";
import { loadReport, type SearchParams } from "@/lib/reports/load";

export const metadata: Metadata = { title: "Strategies · LossLens" };

export default async function StrategiesPage({ searchParams }: { searchParams: SearchParams }) {
  const result = await loadReport("strategies", { searchParams });
  return (
    <ReportPage
      result={result}
      filterBar={result.status === "ok" ? <ReportFilterBar ctx={result.ctx} /> : null}
      share={{ create: createShareLinkAction, managers: shareManagersAction }}
    />
  );
}
