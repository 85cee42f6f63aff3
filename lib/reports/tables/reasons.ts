/**
 * The Reasons tables: the reasons themselves (with the previous period beside them when comparing), reason ×
 * manager as the page shows it (one column per top reason) and as the CSV lists it (one row per pair).
 */
import type { ReasonRow, ReasonsDto } from "@/lib/analytics/reasons";
import { formatDelta } from "@/lib/format";
import type { Locale } from "@/lib/i18n/config";
import { reportMessages } from "@/lib/i18n/sections/reports";
import { REASON_NONE } from "@/lib/url-state/filters";
import type { Column, Table } from "./table";

/** How many reasons the reason × manager map and the monthly mix show as their own columns and series. */
export const TOP_REASONS = 8;

/** A reason's slice value: its key, or "not specified". */
export const reasonParam = (key: string | null) => key ?? REASON_NONE;

/** A reason's name: "not specified" named in the reader's language. */
export function reasonLabel(key: string | null, label: string | null, locale: Locale): string {
  return key === null ? reportMessages[locale].filters.noReason : (label ?? key);
}

/** The reasons that lost at least one deal, the first `TOP_REASONS` of them in the report's order. */
export const topReasons = (data: ReasonsDto) =>
  data.reasons.filter((r) => r.lostDeals > 0).slice(0, TOP_REASONS);

export function reasonsTable(
  data: ReasonsDto,
  previous: ReasonsDto | null,
  locale: Locale,
): Table<ReasonRow> {
  const t = reportMessages[locale].reasons;
  const tf = reportMessages[locale].frame;
  const before = new Map(previous?.reasons.map((r) => [r.reasonKey, r.lostDeals]) ?? []);
  const drill = (r: ReasonRow) => ({ reason: reasonParam(r.reasonKey) });
  const compare: Column<ReasonRow>[] = previous
    ? [
        {
          key: "previous",
          header: tf.previousShort,
          format: "int",
          only: "screen",
          value: (r) => before.get(r.reasonKey) ?? 0,
        },
        {
          key: "change",
          header: tf.change,
          format: "text",
          only: "screen",
          value: (r) => formatDelta(r.lostDeals - (before.get(r.reasonKey) ?? 0), locale),
        },
      ]
    : [];
  return {
    id: (r) => reasonParam(r.reasonKey),
    rows: data.reasons,
    columns: [
      {
        key: "reason",
        header: t.reason,
        format: "text",
        value: (r) => reasonLabel(r.reasonKey, r.label, locale),
      },
      { key: "lostDeals", header: t.lostDeals, format: "int", value: (r) => r.lostDeals, slice: drill },
      { key: "share", header: t.share, format: "pct", value: (r) => r.share },
      { key: "lostMoney", header: t.lostMoney, format: "money", value: (r) => r.lostMoney, slice: drill },
      { key: "moneyShare", header: t.moneyShare, format: "pct", value: (r) => r.moneyShare },
      { key: "cumulative", header: t.cumulative, format: "pct", value: (r) => r.cumulativeShare },
      ...compare,
    ],
  };
}

type ManagerOfReasons = ReasonsDto["byManager"]["managers"][number];

/** Reason × manager on the page: one row per manager, one column per top reason. */
export function reasonManagerMatrix(data: ReasonsDto, locale: Locale): Table<ManagerOfReasons> {
  const t = reportMessages[locale].reasons;
  const cell = (m: ManagerOfReasons, r: ReasonRow) =>
    data.byManager.cells.find((c) => c.managerId === m.managerId && c.reasonKey === r.reasonKey);
  return {
    id: (m) => String(m.managerId ?? 0),
    rows: data.byManager.managers,
    columns: [
      { key: "manager", header: t.manager, format: "text", value: (m) => m.name ?? t.noManager },
      ...topReasons(data).map(
        (r): Column<ManagerOfReasons> => ({
          key: `r:${reasonParam(r.reasonKey)}`,
          header: reasonLabel(r.reasonKey, r.label, locale),
          format: "int",
          value: (m) => cell(m, r)?.lostDeals ?? 0,
          slice: (m) =>
            cell(m, r)?.lostDeals ? { reason: reasonParam(r.reasonKey), manager: m.managerId ?? 0 } : null,
        }),
      ),
    ],
  };
}

type ReasonManagerCell = ReasonsDto["byManager"]["cells"][number];

/** Reason × manager in the CSV: every pair with losses, one row each. */
export function reasonManagerCells(data: ReasonsDto, locale: Locale): Table<ReasonManagerCell> {
  const t = reportMessages[locale].reasons;
  const names = new Map(data.byManager.managers.map((m) => [m.managerId, m.name ?? t.noManager]));
  const labels = new Map(data.reasons.map((r) => [r.reasonKey, reasonLabel(r.reasonKey, r.label, locale)]));
  return {
    id: (c) => `${c.managerId}:${c.reasonKey}`,
    rows: data.byManager.cells,
    columns: [
      {
        key: "manager",
        header: t.manager,
        format: "text",
        value: (c) => names.get(c.managerId) ?? t.noManager,
      },
      {
        key: "reason",
        header: t.reason,
        format: "text",
        value: (c) => labels.get(c.reasonKey) ?? c.reasonKey,
      },
      { key: "lostDeals", header: t.lostDeals, format: "int", value: (c) => c.lostDeals },
      { key: "lostMoney", header: t.lostMoney, format: "money", value: (c) => c.lostMoney },
    ],
  };
}
