/**
 * Loss capture quality per manager (issue 15, docs/metrics.md): over the manager's lost deals in view, the share
 * recorded well — a specific reason, a comment, and a comment that does not contradict the reason — and each
 * problem's count and share. One deal can have several problems (no comment and a generic reason), so the parts
 * need not add up to the deals not recorded well. Every condition is lib/reasons/capture.ts, the same the
 * drill-down's `d_capture` slice uses, so each count equals the deals its link opens.
 */
import { type SQL, sql } from "drizzle-orm";
import type { Database } from "@/db";
import { factsWhere, managerNameSql, queryRowsLarge } from "@/lib/facts/where";
import { CAPTURE_PARTS, type CapturePart, captureSql } from "@/lib/reasons/capture";
import { median, ratio, round } from "@/lib/stats";
import type { Filters } from "@/lib/url-state/filters";
import type { DataScope } from "./scope";

export interface CaptureCount {
  count: number;
  /** Of the manager's lost deals in view. */
  share: number | null;
}

export interface CaptureRow {
  /** null = lost deals with no responsible user. */
  managerId: number | null;
  name: string | null;
  lost: number;
  /** Lost deals with none of the problems. */
  ok: number;
  /** The figure: ok / lost. */
  quality: number | null;
  parts: Record<CapturePart, CaptureCount>;
}

/** Medians over the managers with lost deals in view (not the deals without a manager). */
export type CaptureMedian = { lost: number | null; quality: number | null } & Record<
  CapturePart,
  number | null
>;

export interface CaptureDto {
  rows: CaptureRow[];
  teamMedian: CaptureMedian;
  /** Everyone in view together. */
  total: Omit<CaptureRow, "managerId" | "name">;
}

type Counts = { lost: number; ok: number } & Record<CapturePart, number>;

function captureRow(c: Counts): Omit<CaptureRow, "managerId" | "name"> {
  const parts = Object.fromEntries(
    CAPTURE_PARTS.map((p) => [p, { count: c[p], share: ratio(c[p], c.lost) }]),
  ) as Record<CapturePart, CaptureCount>;
  return { lost: c.lost, ok: c.ok, quality: ratio(c.ok, c.lost), parts };
}

/**
 * A capture part over the rows of captureByManager's `lost` (aliased `f`): the column conditions as
 * lib/reasons/capture.ts states them, and "contradicts" as the column computed there by joins.
 */
const partSql = (p: CapturePart): SQL => (p === "contradicts" ? sql`f.contradicts` : captureSql(p));

/**
 * Each manager's lost deals in view under `scope` and the filters (the managers filter included), with their
 * capture problems; `managerId` narrows it to one manager.
 *
 * The same conditions as lib/reasons/capture.ts (what the drill-down lists), but "contradicts" is computed by
 * joins instead of its per-deal subqueries (the reason's theme, any comment theme, the reason's theme among them),
 * which at 1M deals ran ~30 correlated index probes per thousand lost deals: the reason's theme by a hash join to
 * loss_reasons, and the deal's comment themes grouped once for the lost deals in view whose reason has a theme.
 * Deals with no such group have no comment theme, so they cannot contradict their reason.
 */
export async function captureByManager(
  db: Database,
  scope: DataScope,
  filters: Filters,
  managerId?: number,
): Promise<CaptureRow[]> {
  const one = managerId === undefined ? sql`true` : sql`f.manager_id = ${managerId}`;
  const parts = CAPTURE_PARTS.map(
    (p) => sql`, (count(*) filter (where ${partSql(p)}))::int as ${sql.raw(p)}`,
  );
  const ok = sql`(f.outcome = 'lost' and not (${sql.join(CAPTURE_PARTS.map(partSql), sql` or `)}))`;
  const rows = await queryRowsLarge<Counts & { manager: number | null; name: string | null }>(
    db,
    sql`with lost as materialized (
        select f.deal_id, f.manager_id, f.outcome, f.raw_reason_key, f.reason_key, f.has_comment,
          r.theme_id as reason_theme
        from deal_facts f left join loss_reasons r on r.portal_id = f.portal_id and f.reason_key = 'r:' || r.id
        where ${factsWhere(scope, filters, { basis: "loss" })} and f.outcome = 'lost' and ${one}),
      themed as (
        select l.deal_id, bool_or(ct.theme_id = l.reason_theme) as matches
        from lost l join comment_themes ct on ct.portal_id = ${scope.portalId} and ct.deal_id = l.deal_id
        where l.reason_theme is not null
        group by l.deal_id),
      m as (
        select f.manager_id as manager, count(*)::int as lost, (count(*) filter (where ${ok}))::int as ok
          ${sql.join(parts, sql``)}
        from (select l.*, (t.deal_id is not null and not t.matches) as contradicts
          from lost l left join themed t on t.deal_id = l.deal_id) f
        group by f.manager_id)
      select m.*, case when m.manager is null then null else ${managerNameSql(sql`m.manager`)} end as name
      from m left join b24_users u on u.portal_id = ${scope.portalId} and u.bitrix_id = m.manager
      order by m.ok::float8 / m.lost, m.lost desc, m.manager nulls last`,
  );
  return rows.map((r) => ({ managerId: r.manager, name: r.name, ...captureRow(r) }));
}

const NONE = { lost: 0, ok: 0, ...Object.fromEntries(CAPTURE_PARTS.map((p) => [p, 0])) } as Counts;

/** No lost deals in view: no rows, no medians, zero counts. */
export function emptyCapture(): CaptureDto {
  return { rows: [], teamMedian: captureMedian([]), total: captureRow(NONE) };
}

/** The median of the figure, of each part's share and of the lost deals over the managers of `rows`. */
export function captureMedian(rows: readonly CaptureRow[]): CaptureMedian {
  const managers = rows.filter((r) => r.managerId !== null && r.lost > 0);
  const med = (pick: (r: CaptureRow) => number | null) => {
    const m = median(managers.map(pick).filter((x): x is number => x !== null));
    return m === null ? null : round(m, 6);
  };
  const parts = Object.fromEntries(CAPTURE_PARTS.map((p) => [p, med((r) => r.parts[p].share)])) as Record<
    CapturePart,
    number | null
  >;
  return { lost: med((r) => r.lost), quality: med((r) => r.quality), ...parts };
}

/** The Managers report's capture table: every manager in the viewer's scope, the team median and the total. */
export async function getCaptureQuality(
  db: Database,
  scope: DataScope,
  filters: Filters,
): Promise<CaptureDto> {
  const rows = await captureByManager(db, scope, filters);
  const sum = (pick: (r: CaptureRow) => number) => rows.reduce((a, r) => a + pick(r), 0);
  const total = captureRow({
    lost: sum((r) => r.lost),
    ok: sum((r) => r.ok),
    ...(Object.fromEntries(CAPTURE_PARTS.map((p) => [p, sum((r) => r.parts[p].count)])) as Record<
      CapturePart,
      number
    >),
  });
  return { rows, teamMedian: captureMedian(rows), total };
}

export interface MyCapture {
  /** My figure and parts; lost 0 when I lost nothing in view. */
  mine: Omit<CaptureRow, "managerId" | "name">;
  /** Over the team's managers with lost deals in view (me.ts: the whole portal, as its other medians). */
  teamMedian: CaptureMedian;
}

/** One manager's capture under `scope`, beside the median over `team` — aggregates only, never a colleague. */
export async function getMyCapture(
  db: Database,
  scope: DataScope,
  team: DataScope,
  filters: Filters,
  managerId: number,
): Promise<MyCapture> {
  const [own, all] = await Promise.all([
    captureByManager(db, scope, filters, managerId),
    captureByManager(db, team, filters),
  ]);
  const mine = own[0] ?? { managerId, name: null, ...captureRow(NONE) };
  return {
    mine: { lost: mine.lost, ok: mine.ok, quality: mine.quality, parts: mine.parts },
    teamMedian: captureMedian(all),
  };
}
