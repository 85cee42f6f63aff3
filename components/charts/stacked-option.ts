/** Stacked bars over time (the reason mix by month), counts or shares. */
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
  PARTIAL_STYLE,
  xName,
  yName,
} from "./option-parts";

export interface StackedSpec {
  kind: "stacked";
  locale: Locale;
  axes: AxisTitles;
  buckets: string[];
  /** Buckets the period covers only in part; their bars are hatched (PARTIAL_STYLE's pattern). */
  partial: boolean[];
  partialLabel: string;
  series: { name: string; data: Linked[] }[];
  /** Show shares of each bucket (0..1) instead of counts. */
  percent: boolean;
}

export function stackedOption(s: StackedSpec): EChartsOption {
  const labels = bucketLabels(s.buckets, s.partial, s.locale);
  const fmt = (v: number) => (s.percent ? formatPct(v, s.locale) : formatInt(v, s.locale));
  return {
    ...base(),
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "shadow" },
      formatter: (params) => {
        const list = (Array.isArray(params) ? params : [params]) as {
          dataIndex: number;
          marker?: unknown;
          seriesName?: string;
          value?: unknown;
        }[];
        const i = list[0]?.dataIndex ?? 0;
        const head = `${escapeHtml(labels[i] ?? "")}${s.partial[i] ? ` — ${escapeHtml(s.partialLabel)}` : ""}`;
        const lines = list.map(
          (p) =>
            `${typeof p.marker === "string" ? p.marker : ""}${escapeHtml(p.seriesName ?? "")}: <b>${fmt(Number(p.value))}</b>`,
        );
        return [head, ...lines].join("<br/>");
      },
    },
    legend: { type: "scroll", top: 0 },
    grid: grid({ left: 8, right: 16, top: 56, bottom: 8 }),
    xAxis: { type: "category", data: labels, ...xName(s.axes.x) },
    yAxis: {
      type: "value",
      ...yName(s.axes.y),
      ...(s.percent ? { max: 1, axisLabel: { formatter: (v: number) => formatPct(v, s.locale, 0) } } : {}),
    },
    series: s.series.map((x) => ({
      name: x.name,
      type: "bar" as const,
      stack: "all",
      data: x.data.map((v, i) =>
        item(v, s.partial[i] ? { itemStyle: { opacity: 0.55, decal: PARTIAL_STYLE.decal } } : {}),
      ),
      emphasis: { focus: "series" as const },
    })),
  };
}
