/** The deals behind a number, as the drill-down's CSV writes them (the /deals page lays out its own rows). */
import type { DrilldownRow } from "@/lib/analytics/drilldown";
import type { Locale } from "@/lib/i18n/config";
import { reportMessages } from "@/lib/i18n/sections/reports";
import type { Table } from "./table";

export function dealsTable(rows: DrilldownRow[], locale: Locale): Table<DrilldownRow> {
  const t = reportMessages[locale].deals;
  const outcome = { won: t.won, lost: t.lost, open: t.openOutcome };
  const noReason = reportMessages[locale].filters.noReason;
  return {
    id: (r) => String(r.dealId),
    rows,
    columns: [
      { key: "dealId", header: "ID", format: "int", value: (r) => r.dealId },
      { key: "title", header: t.deal, format: "text", value: (r) => r.title },
      { key: "outcome", header: t.outcome, format: "text", value: (r) => outcome[r.outcome] },
      { key: "stagePath", header: t.stagePath, format: "text", value: (r) => r.stagePath.join(" → ") },
      { key: "lostAt", header: t.lostAt, format: "text", value: (r) => r.lostAtStageName },
      {
        key: "reason",
        header: t.reason,
        format: "text",
        value: (r) => (r.outcome === "lost" ? (r.reasonLabel ?? noReason) : ""),
      },
      // What Bitrix24 says (the failure stage or the field's option) beside the canonical reason it counts as.
      {
        key: "rawReason",
        header: t.rawReason,
        format: "text",
        value: (r) => (r.outcome === "lost" ? (r.rawReasonLabel ?? noReason) : ""),
      },
      { key: "amount", header: t.amount, format: "money", value: (r) => r.amount },
      { key: "manager", header: t.manager, format: "text", value: (r) => r.managerName },
      { key: "client", header: t.client, format: "text", value: (r) => r.clientName },
      { key: "comment", header: t.comment, format: "text", value: (r) => r.commentExcerpt },
      { key: "closedAt", header: t.date, format: "instant", value: (r) => r.closedAt },
      { key: "url", header: "URL", format: "text", value: (r) => r.url },
    ],
  };
}
