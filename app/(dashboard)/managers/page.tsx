import type { Metadata } from "next";
import { ReportPage } from "@/components/reports/report-page";
import type { SearchParams } from "@/lib/reports/load";

export const metadata: Metadata = { title: "Managers · LossLens" };

export default function ManagersPage({ searchParams }: { searchParams: SearchParams }) {
  return <ReportPage kind="managers" searchParams={searchParams} />;
}
