"use client";

import { BarChart, HeatmapChart, LineChart, ScatterChart } from "echarts/charts";
import {
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapComponent,
} from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import ReactEChartsCore from "echarts-for-react/lib/core";
import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { buildOption, type ChartSpec } from "./options";

// Only what the reports draw: the full bundle is several times larger.
echarts.use([
  BarChart,
  LineChart,
  ScatterChart,
  HeatmapChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  MarkLineComponent,
  SVGRenderer,
]);

/** The one ECharts wrapper: builds the option from a plain spec and opens a data item's `href` on click. */
export function Chart({ spec, height = 320, label }: { spec: ChartSpec; height?: number; label: string }) {
  const router = useRouter();
  const option = useMemo(() => buildOption(spec), [spec]);
  const onEvents = useMemo(
    () => ({
      click: (p: { data?: { href?: string } }) => {
        if (p.data?.href) router.push(p.data.href);
      },
    }),
    [router],
  );
  return (
    <figure role="img" aria-label={label} className="w-full" data-chart={spec.kind}>
      <ReactEChartsCore
        echarts={echarts}
        option={option}
        notMerge
        opts={{ renderer: "svg" }}
        onEvents={onEvents}
        style={{ height, width: "100%" }}
      />
    </figure>
  );
}
