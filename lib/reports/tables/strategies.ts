/** The Strategies table: one row per quadrant (volume × depth), with the deals behind its counts. */
import type { QuadrantSummary } from "@/lib/analytics/strategies";
import type { Locale } from "@/lib/i18n/config";
import { reportMessages } from "@/lib/i18n/sections/reports";
import { pctRange, type Table } from "./table";

export function quadrantsTable(
  data: { quadrants: QuadrantSummary[] },
  locale: Locale,
): Table<QuadrantSummary> {
  const t = reportMessages[locale].strategies;
  return {
    id: (q) => q.quadrant,
    rows: data.quadrants,
    columns: [
      {
        key: "quadrant",
        header: t.quadrant,
        format: "text",
        sortable: false,
        wrap: true,
        value: (q) => t.quadrants[q.quadrant],
      },
      { key: "managers", header: t.managers, format: "int", value: (q) => q.managers },
      {
        key: "dealsWorked",
        header: t.dealsWorked,
        format: "int",
        value: (q) => q.dealsWorked,
        slice: (q) => ({ quadrant: q.quadrant }),
      },
      {
        key: "won",
        header: t.won,
        format: "int",
        value: (q) => q.wonDeals,
        slice: (q) => ({ quadrant: q.quadrant, outcome: "won" }),
      },
      { key: "winRate", header: t.winRate, format: "pct", value: (q) => q.winRate },
      {
        key: "interval",
        header: "95%",
        format: "text",
        sortable: false,
        only: "screen",
        value: (q) => (q.winRateInterval ? pctRange(q.winRateInterval, locale) : null),
      },
      { key: "revenue", header: t.revenue, format: "money", value: (q) => q.revenue },
      { key: "revenuePerDeal", header: t.revenuePerDeal, format: "money", value: (q) => q.revenuePerDeal },
      { key: "profit", header: t.profit, format: "money", value: (q) => q.profit },
    ],
  };
}
