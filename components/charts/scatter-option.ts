/** Strategies: volume × depth bubbles per manager, with the median lines. */
import type { EChartsOption } from "echarts";
import { formatInt, formatMoneyShort, formatNumber, formatPct } from "@/lib/format";
import type { Locale } from "@/lib/i18n/config";
import { base, escapeHtml, LOST, MUTED, WON } from "./option-parts";

export interface ScatterSpec {
  kind: "scatter";
  locale: Locale;
  currency: string;
  labels: { volume: string; depth: string; revenue: string; winRate: string };
  medians: { volume: number | null; depth: number | null };
  points: {
    name: string;
    volume: number;
    depth: number;
    revenue: number;
    winRate: number | null;
    href?: string;
  }[];
}

export function scatterOption(s: ScatterSpec): EChartsOption {
  const maxRevenue = Math.max(1, ...s.points.map((p) => p.revenue));
  const size = (r: number) => 10 + 40 * Math.sqrt(r / maxRevenue);
  const markLines = [
    ...(s.medians.volume !== null ? [{ xAxis: s.medians.volume }] : []),
    ...(s.medians.depth !== null ? [{ yAxis: s.medians.depth }] : []),
  ];
  return {
    ...base(),
    tooltip: {
      formatter: (p) => {
        const d = (p as unknown as { data: { name: string; value: [number, number, number, number | null] } })
          .data;
        const [v, dep, rev, wr] = d.value;
        return [
          `<b>${escapeHtml(d.name)}</b>`,
          `${s.labels.volume}: ${formatInt(v, s.locale)}`,
          `${s.labels.depth}: ${formatNumber(dep, s.locale, 1)}`,
          `${s.labels.revenue}: ${formatMoneyShort(rev, s.locale, s.currency)}`,
          `${s.labels.winRate}: ${formatPct(wr, s.locale)}`,
        ].join("<br/>");
      },
    },
    grid: { left: 56, right: 32, top: 24, bottom: 48 },
    xAxis: { type: "value", name: s.labels.volume, nameLocation: "middle", nameGap: 28, scale: true },
    yAxis: { type: "value", name: s.labels.depth, nameLocation: "middle", nameGap: 40, scale: true },
    visualMap: {
      show: true,
      dimension: 3,
      min: 0,
      max: 1,
      right: 0,
      top: "middle",
      itemHeight: 100,
      text: [s.labels.winRate, ""],
      inRange: { color: [LOST, "#f59e0b", WON] },
      formatter: (v) => formatPct(Number(v), s.locale, 0),
    },
    series: [
      {
        type: "scatter",
        data: s.points.map((p) => ({
          name: p.name,
          value: [p.volume, p.depth, p.revenue, p.winRate ?? 0],
          symbolSize: size(p.revenue),
          href: p.href,
        })),
        markLine: {
          silent: true,
          symbol: "none",
          lineStyle: { type: "dashed", color: MUTED },
          label: { show: false },
          data: markLines,
        },
      },
    ],
  };
}
