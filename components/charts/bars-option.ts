/** Plain bars (relationship length). */
import type { EChartsOption } from "echarts";
import { formatInt } from "@/lib/format";
import type { Locale } from "@/lib/i18n/config";
import { type AxisTitles, base, grid, item, type Linked, PALETTE, xName, yName } from "./option-parts";

export interface BarsSpec {
  kind: "bars";
  locale: Locale;
  name: string;
  axes: AxisTitles;
  categories: string[];
  values: Linked[];
  color?: string;
}

export function barsOption(s: BarsSpec): EChartsOption {
  return {
    ...base(),
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    grid: grid({ left: 8, right: 16, top: 32, bottom: 8 }),
    // Every category named, wrapped onto two lines rather than run into its neighbours on a half-width card.
    xAxis: {
      type: "category",
      data: s.categories,
      axisLabel: { interval: 0, width: 64, overflow: "break", lineHeight: 14 },
      ...xName(s.axes.x, 40),
    },
    yAxis: { type: "value", minInterval: 1, ...yName(s.axes.y) },
    series: [
      {
        name: s.name,
        type: "bar",
        data: s.values.map((v) => item(v)),
        itemStyle: { color: s.color ?? PALETTE[0] },
        label: { show: true, position: "top", formatter: (p) => formatInt(Number(p.value), s.locale) },
      },
    ],
  };
}
