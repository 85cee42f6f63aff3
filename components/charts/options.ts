/**
 * Pure ECharts option builders, one per chart the reports draw (a file each beside this one). They take plain
 * data (DTO slices that cross the server→client boundary) and return options; data items carry `href` so a
 * click opens the drill-down behind the number. Unit-tested without a browser.
 */
import type { EChartsOption } from "echarts";
import { type BarsSpec, barsOption } from "./bars-option";
import { type FunnelSpec, funnelOption } from "./funnel-option";
import { type HeatmapSpec, heatmapOption } from "./heatmap-option";
import { type ParetoSpec, paretoOption } from "./pareto-option";
import { type ScatterSpec, scatterOption } from "./scatter-option";
import { type StackedSpec, stackedOption } from "./stacked-option";
import { type TrendSpec, trendOption } from "./trend-option";

export { type BarsSpec, barsOption } from "./bars-option";
export { type FunnelSpec, funnelOption } from "./funnel-option";
export { type HeatmapSpec, heatmapOption } from "./heatmap-option";
export {
  type AxisTitles,
  bucketLabels,
  escapeHtml,
  type Linked,
  PARTIAL_STYLE,
  shortLabel,
} from "./option-parts";
export { type ParetoSpec, paretoOption } from "./pareto-option";
export { type ScatterSpec, scatterOption } from "./scatter-option";
export { type StackedSpec, stackedOption } from "./stacked-option";
export { type TrendSpec, trendOption } from "./trend-option";

export type ChartSpec =
  | TrendSpec
  | FunnelSpec
  | HeatmapSpec
  | ParetoSpec
  | StackedSpec
  | BarsSpec
  | ScatterSpec;

export function buildOption(spec: ChartSpec): EChartsOption {
  switch (spec.kind) {
    case "trend":
      return trendOption(spec);
    case "funnel":
      return funnelOption(spec);
    case "heatmap":
      return heatmapOption(spec);
    case "pareto":
      return paretoOption(spec);
    case "stacked":
      return stackedOption(spec);
    case "bars":
      return barsOption(spec);
    case "scatter":
      return scatterOption(spec);
  }
}
