import type { Metadata } from "next";
import { ReportPage } from "@/components/reports/report-page";
import type { SearchParams } from "@/lib/reports/load";

export const metadata: Metadata = { title: "Reasons · LossLens" };

export default function ReasonsPage({ searchParams }: { searchParams: SearchParams }) {
  return <ReportPage kind="reasons" searchParams={searchParams} />;
}
