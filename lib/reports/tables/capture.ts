/**
 * The Managers report's loss capture table: per manager, lost deals in view, the capture quality figure, and each
 * problem's count and share, with the team median and the whole team under them. Every number opens the deals
 * behind it (`d_manager` + `d_capture`); the CSV writes the same columns.
 */
import type { CaptureMedian, CaptureRow } from "@/lib/analytics/capture";
import type { ManagersDto } from "@/lib/analytics/managers";
import type { Locale } from "@/lib/i18n/config";
import { captureMessages } from "@/lib/i18n/sections/capture";
import { reportMessages } from "@/lib/i18n/sections/reports";
import { CAPTURE_PARTS, type CapturePart } from "@/lib/reasons/capture";
import type { Slice } from "@/lib/url-state/slice";
import type { Column, Table } from "./table";

/** A row: a manager, or the team median / the whole team under them (no links). */
export interface CaptureLine {
  managerId: number | null;
  summary?: "median" | "total";
  name: string;
  lost: number | null;
  ok: number | null;
  quality: number | null;
  counts: Record<CapturePart, number | null>;
  shares: Record<CapturePart, number | null>;
}

const byPart = <T>(pick: (p: CapturePart) => T) =>
  Object.fromEntries(CAPTURE_PARTS.map((p) => [p, pick(p)])) as Record<CapturePart, T>;

function line(
  r: Omit<CaptureRow, "managerId" | "name">,
  managerId: number | null,
  name: string,
): CaptureLine {
  return {
    managerId,
    name,
    lost: r.lost,
    ok: r.ok,
    quality: r.quality,
    counts: byPart((p) => r.parts[p].count),
    shares: byPart((p) => r.parts[p].share),
  };
}

function medianLine(m: CaptureMedian, name: string): CaptureLine {
  return {
    managerId: null,
    summary: "median",
    name,
    lost: m.lost,
    ok: null,
    quality: m.quality,
    counts: byPart(() => null),
    shares: byPart((p) => m[p]),
  };
}

export function captureTable(data: ManagersDto, locale: Locale): Table<CaptureLine> {
  const t = captureMessages[locale];
  const c = data.capture;
  const m = reportMessages[locale].managers;
  const drill =
    (capture?: CapturePart | "ok") =>
    (r: CaptureLine): Slice | null =>
      r.summary
        ? null
        : capture
          ? { manager: r.managerId ?? 0, capture }
          : { manager: r.managerId ?? 0, outcome: "lost" };
  const partColumns = CAPTURE_PARTS.flatMap((p): Column<CaptureLine>[] => [
    {
      key: p,
      header: t.parts[p],
      hint: t.partHelp[p],
      format: "int",
      value: (r) => r.counts[p],
      slice: drill(p),
    },
    {
      key: `${p}Share`,
      header: `${t.parts[p]}, ${t.share}`,
      format: "pct",
      value: (r) => r.shares[p],
      slice: drill(p),
    },
  ]);
  return {
    id: (r) => r.summary ?? String(r.managerId ?? 0),
    rows: c.rows.map((r) => line(r, r.managerId, r.name ?? t.noManager)),
    footer: [medianLine(c.teamMedian, t.teamMedian), { ...line(c.total, null, t.total), summary: "total" }],
    columns: [
      { key: "manager", header: m.manager, format: "text", wrap: true, value: (r) => r.name },
      { key: "lost", header: t.lost, format: "int", value: (r) => r.lost, slice: drill() },
      {
        key: "quality",
        header: t.quality,
        hint: t.help,
        format: "pct",
        value: (r) => r.quality,
        slice: drill("ok"),
      },
      ...partColumns,
    ],
  };
}
