import type { Metadata } from "next";
import { ReportPage } from "@/components/reports/report-page";
import type { SearchParams } from "@/lib/reports/load";

export const metadata: Metadata = { title: "Strategies · LossLens" };

export default function StrategiesPage({ searchParams }: { searchParams: SearchParams }) {
  return <ReportPage kind="strategies" searchParams={searchParams} />;
}
