/** Reasons: Pareto bars with the cumulative share. */
import type { EChartsOption } from "echarts";
import { formatInt, formatMoneyShort } from "@/lib/format";
import type { Locale } from "@/lib/i18n/config";
import {
  type AxisTitles,
  base,
  grid,
  item,
  type Linked,
  LOST,
  shareAxis,
  shareLine,
  shortLabel,
  xName,
  yName,
} from "./option-parts";

export interface ParetoSpec {
  kind: "pareto";
  locale: Locale;
  currency: string;
  labels: { measure: string; cumulative: string };
  axes: AxisTitles;
  money: boolean;
  reasons: string[];
  values: Linked[];
  cumulative: (number | null)[];
}

export function paretoOption(s: ParetoSpec): EChartsOption {
  const fmt = (v: number) => (s.money ? formatMoneyShort(v, s.locale, s.currency) : formatInt(v, s.locale));
  return {
    ...base(),
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0 },
    grid: grid({ left: 8, right: 8, top: 52, bottom: 8 }),
    xAxis: {
      type: "category",
      data: s.reasons,
      axisLabel: {
        interval: 0,
        rotate: 25,
        formatter: (v: string) => shortLabel(v, 20),
        width: 150,
        overflow: "truncate",
      },
      ...xName(s.axes.x, 12),
      nameLocation: "end",
    },
    yAxis: [
      { type: "value", axisLabel: { formatter: (v: number) => fmt(v) }, ...yName(s.axes.y) },
      shareAxis(s.locale, s.axes.y2),
    ],
    series: [
      {
        name: s.labels.measure,
        type: "bar",
        data: s.values.map((v) => item(v)),
        itemStyle: { color: LOST },
        tooltip: { valueFormatter: (v) => fmt(v as number) },
      },
      shareLine(s.labels.cumulative, s.cumulative, s.locale),
    ],
  };
}
