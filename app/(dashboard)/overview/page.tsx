import type { Metadata } from "next";
import { ReportPage } from "@/components/reports/report-page";
import type { SearchParams } from "@/lib/reports/load";

export const metadata: Metadata = { title: "Overview · LossLens" };

export default function OverviewPage({ searchParams }: { searchParams: SearchParams }) {
  return <ReportPage kind="overview" searchParams={searchParams} />;
}
