/** Overview: losses by week/month against the previous period, with the loss rate. */
import type { EChartsOption } from "echarts";
import { formatInt, formatPct } from "@/lib/format";
import type { Locale } from "@/lib/i18n/config";
import {
  type AxisTitles,
  base,
  bucketLabels,
  escapeHtml,
  grid,
  item,
  type Linked,
  LOST,
  PARTIAL_STYLE,
  shareAxis,
  shareLine,
  xName,
  yName,
} from "./option-parts";

export interface TrendSpec {
  kind: "trend";
  locale: Locale;
  labels: { lost: string; previous: string; lossRate: string; partial: string };
  axes: AxisTitles;
  buckets: string[];
  /** Buckets the period covers only in part (its first week starting mid-week, the month still running). */
  partial: boolean[];
  lost: Linked[];
  previousLost: number[] | null;
  lossRate: (number | null)[];
}

export function trendOption(s: TrendSpec): EChartsOption {
  const labels = bucketLabels(s.buckets, s.partial, s.locale);
  return {
    ...base(),
    tooltip: {
      trigger: "axis",
      formatter: (params) => {
        const list = (Array.isArray(params) ? params : [params]) as {
          dataIndex: number;
          marker?: unknown;
          seriesName?: string;
          value?: unknown;
          seriesIndex?: number;
        }[];
        const i = list[0]?.dataIndex ?? 0;
        const head = `${escapeHtml(labels[i] ?? "")}${s.partial[i] ? ` — ${escapeHtml(s.labels.partial)}` : ""}`;
        const lines = list.map((p) => {
          const v = p.value as number | null;
          const text = p.seriesName === s.labels.lossRate ? formatPct(v, s.locale) : formatInt(v, s.locale);
          return `${typeof p.marker === "string" ? p.marker : ""}${escapeHtml(p.seriesName ?? "")}: <b>${text}</b>`;
        });
        return [head, ...lines].join("<br/>");
      },
    },
    legend: { top: 0 },
    grid: grid({ left: 8, right: 8, top: 48, bottom: 8 }),
    xAxis: { type: "category", data: labels, ...xName(s.axes.x) },
    yAxis: [{ type: "value", minInterval: 1, ...yName(s.axes.y) }, shareAxis(s.locale, s.axes.y2)],
    series: [
      {
        name: s.labels.lost,
        type: "bar",
        data: s.lost.map((v, i) => item(v, s.partial[i] ? { itemStyle: PARTIAL_STYLE } : {})),
        itemStyle: { color: LOST },
      },
      ...(s.previousLost
        ? [
            {
              name: s.labels.previous,
              type: "bar" as const,
              data: s.previousLost,
              itemStyle: { color: "#fca5a5" },
            },
          ]
        : []),
      shareLine(s.labels.lossRate, s.lossRate, s.locale),
    ],
  };
}
