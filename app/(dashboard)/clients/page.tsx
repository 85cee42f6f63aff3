import type { Metadata } from "next";
import { ReportPage } from "@/components/reports/report-page";
import type { SearchParams } from "@/lib/reports/load";

export const metadata: Metadata = { title: "Clients · LossLens" };

export default function ClientsPage({ searchParams }: { searchParams: SearchParams }) {
  return <ReportPage kind="clients" searchParams={searchParams} />;
}
