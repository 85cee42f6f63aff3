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

/** Axis titles a chart carries (what the numbers count, what the categories are). */
export interface AxisTitles {
  x: string;
  y: string;
  /** The right-hand axis, where there is one. */
  y2?: string;
}

const NAME_STYLE = { color: "#6b7280", fontSize: 11 };

/** A bottom axis title, centred under the axis labels. */
const xName = (name: string, gap = 26) => ({
  name,
  nameLocation: "middle" as const,
  nameGap: gap,
  nameTextStyle: NAME_STYLE,
});

/** A side axis title, above the axis (a rotated title beside wide labels would collide with them). */
const yName = (name: string, side: "left" | "right" = "left", location: "start" | "end" = "end") => ({
  name,
  nameLocation: location,
  nameGap: 10,
  nameTextStyle: { ...NAME_STYLE, align: side === "left" ? ("left" as const) : ("right" as const) },
});

/** Margins around the plot that hold the axis labels and titles (ECharts 6 outer bounds). */
const grid = (m: { left: number; right: number; top: number; bottom: number }) => ({
  ...m,
  outerBoundsMode: "same" as const,
  outerBoundsContain: "all" as const,
});

// ---- Overview: losses by week/month vs the previous period ----

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

/** The right-hand axis of a bars + share chart: 0–100 %. */
function shareAxis(locale: Locale, name?: string) {
  return {
    type: "value" as const,
    ...(name ? yName(name, "right") : {}),
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

/**
 * A bar of a bucket the period covers only in part: lighter, hatched and outlined, so a short first week does
 * not read as a dip; its tooltip says so.
 */
export const PARTIAL_STYLE = {
  color: "#fecaca",
  borderColor: LOST,
  borderType: "dashed" as const,
  borderWidth: 1,
  decal: { symbol: "rect", dashArrayX: [1, 0], dashArrayY: [2, 4], rotation: -Math.PI / 4, color: "#f87171" },
};

/** Category labels of time buckets, a partial one marked with "*" (its tooltip says what that means). */
export function bucketLabels(buckets: string[], partial: boolean[], locale: Locale): string[] {
  return buckets.map((b, i) => `${formatBucket(b, locale)}${partial[i] ? "*" : ""}`);
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

// ---- Stages: funnel (reached) with the losses at each stage beside it ----

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

// ---- Heat map: reason × stage (or reason × manager) ----

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

// ---- Reasons: Pareto ----

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

// ---- Stacked bars over time (reason mix by month) ----

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

// ---- Plain bars (relationship length) ----

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
