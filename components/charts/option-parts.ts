/**
 * What every chart's option shares: palette, data items that carry a drill-down `href`, axis titles and
 * margins, the 0–100 % share axis and line, the partial-bucket style, label shortening and HTML escaping.
 */
import type { EChartsOption } from "echarts";
import { formatBucket, formatPct } from "@/lib/format";
import type { Locale } from "@/lib/i18n/config";

export const PALETTE = [
  "#2563eb",
  "#dc2626",
  "#16a34a",
  "#d97706",
  "#7c3aed",
  "#0891b2",
  "#db2777",
  "#65a30d",
];
export const LOST = "#dc2626";
export const WON = "#16a34a";
export const MUTED = "#9ca3af";

export interface Linked {
  value: number;
  href?: string | null;
}

export const item = (v: Linked, extra: Record<string, unknown> = {}) => ({
  value: v.value,
  href: v.href ?? undefined,
  ...extra,
});

export const base = (): EChartsOption => ({
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
export const xName = (name: string, gap = 26) => ({
  name,
  nameLocation: "middle" as const,
  nameGap: gap,
  nameTextStyle: NAME_STYLE,
});

/** A side axis title, above the axis (a rotated title beside wide labels would collide with them). */
export const yName = (name: string, side: "left" | "right" = "left", location: "start" | "end" = "end") => ({
  name,
  nameLocation: location,
  nameGap: 10,
  nameTextStyle: { ...NAME_STYLE, align: side === "left" ? ("left" as const) : ("right" as const) },
});

/** Margins around the plot that hold the axis labels and titles (ECharts 6 outer bounds). */
export const grid = (m: { left: number; right: number; top: number; bottom: number }) => ({
  ...m,
  outerBoundsMode: "same" as const,
  outerBoundsContain: "all" as const,
});

/** The right-hand axis of a bars + share chart: 0–100 %. */
export function shareAxis(locale: Locale, name?: string) {
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
export function shareLine(name: string, data: (number | null)[], locale: Locale) {
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

/** Tooltips are HTML: names from Bitrix24 must stay text. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
