/**
 * Pure ECharts option builders, one per chart the reports draw. They take plain data (DTO slices that
 * cross the server→client boundary) and return options; data items carry `href` so a click opens the
 * drill-down behind the number. Unit-tested without a browser.
 */
import type { EChartsOption } from "echarts";
import { formatBucket, formatInt, formatMoneyShort, formatPct } from "@/lib/format";
import type { Locale } from "@/lib/i18n/config";

const PALETTE = ["#2563eb", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#65a30d"];
const LOST = "#dc2626";
const WON = "#16a34a";
const MUTED = "#9ca3af";

export interface Linked {
  value: number;
  href?: string | null;
}

const item = (v: Linked, extra: Record<string, unknown> = {}) => ({
  value: v.value,
  href: v.href ?? undefined,
  ...extra,
});

const base = (): EChartsOption => ({
  color: PALETTE,
  textStyle: { fontFamily: "system-ui, -apple-system, Segoe UI, Roboto, sans-serif" },
  animationDuration: 300,
});

// ---- Overview: losses by week/month vs the previous period ----

export interface TrendSpec {
  kind: "trend";
  locale: Locale;
  labels: { lost: string; previous: string; lossRate: string };
  buckets: string[];
  lost: Linked[];
  previousLost: number[] | null;
  lossRate: (number | null)[];
}

/** The right-hand axis of a bars + share chart: 0–100 %. */
function shareAxis(locale: Locale) {
  return {
    type: "value" as const,
    min: 0,
    max: 1,
    axisLabel: { formatter: (v: number) => formatPct(v, locale, 0) },
    splitLine: { show: false },
  };
}

/** A share (0..1) drawn as a line against shareAxis. */
function shareLine(name: string, data: (number | null)[], locale: Locale) {
  return {
    name,
    type: "line" as const,
    yAxisIndex: 1,
    data,
    itemStyle: { color: "#1f2937" },
    tooltip: { valueFormatter: (v: unknown) => formatPct(v as number, locale) },
  };
}

export function trendOption(s: TrendSpec): EChartsOption {
  return {
    ...base(),
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 48, right: 56, top: 36, bottom: 32 },
    xAxis: { type: "category", data: s.buckets.map((b) => formatBucket(b, s.locale)) },
    yAxis: [{ type: "value", minInterval: 1 }, shareAxis(s.locale)],
    series: [
      { name: s.labels.lost, type: "bar", data: s.lost.map((v) => item(v)), itemStyle: { color: LOST } },
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

// ---- Stages: funnel (reached) with the losses at each stage beside it ----

export interface FunnelSpec {
  kind: "funnel";
  locale: Locale;
  labels: { reached: string; lostAt: string };
  stages: string[];
  reached: Linked[];
  lostAt: Linked[];
}

export function funnelOption(s: FunnelSpec): EChartsOption {
  return {
    ...base(),
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: {
      type: "category",
      inverse: true,
      data: s.stages,
      axisLabel: { width: 160, overflow: "truncate" },
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
    ],
  };
}

// ---- Heat map: reason × stage (or reason × manager) ----

export interface HeatmapSpec {
  kind: "heatmap";
  locale: Locale;
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
    grid: { left: 8, right: 16, top: 8, bottom: 64, containLabel: true },
    xAxis: { type: "category", data: s.x, axisLabel: { rotate: 30, width: 110, overflow: "truncate" } },
    yAxis: {
      type: "category",
      data: s.y,
      axisLabel: { formatter: (v: string) => shortLabel(v, 22), width: 160, overflow: "truncate" },
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

// ---- Reasons: Pareto ----

export interface ParetoSpec {
  kind: "pareto";
  locale: Locale;
  currency: string;
  labels: { measure: string; cumulative: string };
  money: boolean;
  reasons: string[];
  values: Linked[];
  cumulative: (number | null)[];
}

/**
 * A category label cut to `max` characters for an axis (the tooltip keeps it whole). A "name · pipeline" label
 * keeps its pipeline, so two reasons that differ only there still read differently when cut.
 */
export function shortLabel(label: string, max: number): string {
  if (label.length <= max) return label;
  const at = label.lastIndexOf(" · ");
  const tail = at > 0 ? label.slice(at) : "";
  const room = max - tail.length - 1;
  if (tail && room >= 4) return `${label.slice(0, room).trimEnd()}…${tail}`;
  return `${label.slice(0, max - 1).trimEnd()}…`;
}

export function paretoOption(s: ParetoSpec): EChartsOption {
  const fmt = (v: number) => (s.money ? formatMoneyShort(v, s.locale, s.currency) : formatInt(v, s.locale));
  return {
    ...base(),
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0 },
    grid: { left: 8, right: 48, top: 36, bottom: 8, containLabel: true },
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
    },
    yAxis: [{ type: "value", axisLabel: { formatter: (v: number) => fmt(v) } }, shareAxis(s.locale)],
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

// ---- Stacked bars over time (reason mix by month) ----

export interface StackedSpec {
  kind: "stacked";
  locale: Locale;
  buckets: string[];
  series: { name: string; data: Linked[] }[];
  /** Show shares of each bucket (0..1) instead of counts. */
  percent: boolean;
}

export function stackedOption(s: StackedSpec): EChartsOption {
  return {
    ...base(),
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "shadow" },
      valueFormatter: (v) =>
        s.percent ? formatPct(v as number, s.locale) : formatInt(v as number, s.locale),
    },
    legend: { type: "scroll", top: 0 },
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: s.buckets.map((b) => formatBucket(b, s.locale)) },
    yAxis: {
      type: "value",
      ...(s.percent ? { max: 1, axisLabel: { formatter: (v: number) => formatPct(v, s.locale, 0) } } : {}),
    },
    series: s.series.map((x) => ({
      name: x.name,
      type: "bar" as const,
      stack: "all",
      data: x.data.map((v) => item(v)),
      emphasis: { focus: "series" as const },
    })),
  };
}

// ---- Plain bars (relationship length) ----

export interface BarsSpec {
  kind: "bars";
  locale: Locale;
  name: string;
  categories: string[];
  values: Linked[];
  color?: string;
}

export function barsOption(s: BarsSpec): EChartsOption {
  return {
    ...base(),
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    // Every category named, wrapped onto two lines rather than run into its neighbours on a half-width card.
    xAxis: {
      type: "category",
      data: s.categories,
      axisLabel: { interval: 0, width: 64, overflow: "break", lineHeight: 14 },
    },
    yAxis: { type: "value", minInterval: 1 },
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

// ---- Strategies: volume × depth bubbles, median lines ----

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
          `${s.labels.depth}: ${dep.toFixed(1)}`,
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

/** Tooltips are HTML: names from Bitrix24 must stay text. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

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
