import type { Metadata } from "next";
import { ReportPage } from "@/components/reports/report-page";
import type { SearchParams } from "@/lib/reports/load";

export const metadata: Metadata = { title: "Stages · LossLens" };

export default function StagesPage({ searchParams }: { searchParams: SearchParams }) {
  return <ReportPage kind="stages" searchParams={searchParams} />;
}
