/** Stages: the funnel (deals that reached each stage) with the losses at each stage beside it. */
import type { EChartsOption } from "echarts";
import { formatInt } from "@/lib/format";
import type { Locale } from "@/lib/i18n/config";
import { type AxisTitles, base, grid, item, type Linked, LOST, MUTED, xName, yName } from "./option-parts";

export interface FunnelSpec {
  kind: "funnel";
  locale: Locale;
  labels: { reached: string; lostAt: string; openNow: string };
  axes: AxisTitles;
  stages: string[];
  reached: Linked[];
  lostAt: Linked[];
  /** Open deals standing in each stage now, beside the closed cohort. */
  openNow: Linked[];
}

export function funnelOption(s: FunnelSpec): EChartsOption {
  return {
    ...base(),
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0 },
    grid: grid({ left: 8, right: 24, top: 52, bottom: 8 }),
    // On a phone the plot is narrow: fewer ticks, and a label that would collide is left out.
    xAxis: {
      type: "value",
      minInterval: 1,
      splitNumber: 4,
      axisLabel: { hideOverlap: true },
      ...xName(s.axes.x),
    },
    yAxis: {
      type: "category",
      inverse: true,
      data: s.stages,
      axisLabel: { width: 160, overflow: "truncate" },
      // An inverted axis starts at the top: the title sits above the first stage.
      ...yName(s.axes.y, "left", "start"),
    },
    series: [
      {
        name: s.labels.reached,
        type: "bar",
        data: s.reached.map((v) => item(v)),
        itemStyle: { color: "#93c5fd" },
        label: { show: true, position: "right", formatter: (p) => formatInt(Number(p.value), s.locale) },
      },
      {
        name: s.labels.lostAt,
        type: "bar",
        data: s.lostAt.map((v) => item(v)),
        itemStyle: { color: LOST },
        label: { show: true, position: "right", formatter: (p) => formatInt(Number(p.value), s.locale) },
      },
      {
        name: s.labels.openNow,
        type: "bar",
        data: s.openNow.map((v) => item(v)),
        itemStyle: { color: MUTED },
        label: {
          show: true,
          position: "right",
          formatter: (p) => (Number(p.value) ? formatInt(Number(p.value), s.locale) : ""),
        },
      },
    ],
  };
}
