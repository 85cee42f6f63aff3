/**
 * The Clients table: lost deals of returning customers. The page lists the newest ones (the report's own list);
 * the CSV holds every one, read from the drill-down — both through these columns.
 */
import type { Locale } from "@/lib/i18n/config";
import { reportMessages } from "@/lib/i18n/sections/reports";
import type { Table } from "./table";

/** What both the report's list and the drill-down's rows carry for a lost deal. */
export interface LostDealRow {
  dealId: number;
  title: string;
  clientName: string | null;
  managerName: string | null;
  lossDate: string | null;
  amount: number;
}

export function priorWinTable(
  rows: LostDealRow[],
  locale: Locale,
  portal: { domain: string },
): Table<LostDealRow> {
  const t = reportMessages[locale].clients;
  return {
    id: (d) => String(d.dealId),
    rows,
    columns: [
      { key: "dealId", header: "ID", format: "int", only: "csv", value: (d) => d.dealId },
      {
        key: "deal",
        header: t.deal,
        format: "text",
        wrap: true,
        value: (d) => d.title,
        href: (d) => `https://${portal.domain}/crm/deal/details/${d.dealId}/`,
      },
      { key: "client", header: t.client, format: "text", wrap: true, value: (d) => d.clientName },
      { key: "manager", header: t.manager, format: "text", value: (d) => d.managerName },
      { key: "lossDate", header: t.lossDate, format: "instant", value: (d) => d.lossDate },
      { key: "amount", header: t.amount, format: "money", value: (d) => d.amount },
    ],
  };
}
