/** The Overview's table: its trend, one row per week or month (CSV only; the page draws it as a chart). */
import type { TrendPoint } from "@/lib/analytics/overview";
import type { Locale } from "@/lib/i18n/config";
import { reportMessages } from "@/lib/i18n/sections/reports";
import type { Table } from "./table";

export function trendTable(data: { trend: TrendPoint[] }, locale: Locale): Table<TrendPoint> {
  const t = reportMessages[locale];
  return {
    id: (r) => r.bucket,
    rows: data.trend,
    columns: [
      { key: "bucket", header: t.deals.date, format: "date", value: (r) => r.bucket },
      { key: "lostDeals", header: t.overview.lostDeals, format: "int", value: (r) => r.lostDeals },
      { key: "lostMoney", header: t.overview.lostMoney, format: "money", value: (r) => r.lostMoney },
      { key: "wonDeals", header: t.managers.won, format: "int", value: (r) => r.wonDeals },
      { key: "closedDeals", header: t.overview.closed, format: "int", value: (r) => r.closedDeals },
      { key: "lossRate", header: t.overview.lossRate, format: "pct", value: (r) => r.lossRate },
    ],
  };
}
