/** Heat map: reason × stage (or reason × manager). */
import type { EChartsOption } from "echarts";
import { formatInt } from "@/lib/format";
import type { Locale } from "@/lib/i18n/config";
import { type AxisTitles, base, escapeHtml, grid, shortLabel, xName, yName } from "./option-parts";

export interface HeatmapSpec {
  kind: "heatmap";
  locale: Locale;
  axes: AxisTitles;
  x: string[];
  y: string[];
  /** [xIndex, yIndex, value, href] */
  cells: [number, number, number, string | null][];
}

export function heatmapOption(s: HeatmapSpec): EChartsOption {
  const max = Math.max(1, ...s.cells.map((c) => c[2]));
  return {
    ...base(),
    tooltip: {
      position: "top",
      formatter: (p) => {
        const v = (p as unknown as { value: [number, number, number] }).value;
        return `${escapeHtml(s.y[v[1]] ?? "")} · ${escapeHtml(s.x[v[0]] ?? "")}: <b>${formatInt(v[2], s.locale)}</b>`;
      },
    },
    grid: grid({ left: 8, right: 16, top: 28, bottom: 56 }),
    xAxis: {
      type: "category",
      data: s.x,
      axisLabel: { rotate: 30, width: 110, overflow: "truncate" },
      ...xName(s.axes.x, 64),
    },
    yAxis: {
      type: "category",
      data: s.y,
      axisLabel: { formatter: (v: string) => shortLabel(v, 22), width: 160, overflow: "truncate" },
      ...yName(s.axes.y),
    },
    visualMap: {
      min: 0,
      max,
      calculable: false,
      orient: "horizontal",
      left: "center",
      bottom: 0,
      itemHeight: 120,
      inRange: { color: ["#fef2f2", "#fca5a5", "#b91c1c"] },
    },
    series: [
      {
        type: "heatmap",
        data: s.cells.map(([x, y, v, href]) => ({ value: [x, y, v], href: href ?? undefined })),
        label: { show: true, formatter: (p) => formatInt((p.value as number[])[2] ?? 0, s.locale) },
      },
    ],
  };
}
