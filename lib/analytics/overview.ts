/**
 * Overview: lost deals and money, loss and win rate, the stage and reason that lose most, and the trend by
 * week or month against the previous period.
 */
import { type SQL, sql } from "drizzle-orm";
import { type Database, queryRows } from "@/db";
import { cachedReport } from "@/lib/facts/cache";
import { baseSource, type FactsSource, monthlyUsable, sourceFor } from "@/lib/facts/monthly-read";
import { dimensionsSql, localTime, scopeSql } from "@/lib/facts/where";
import { type Interval, ratio, round, wilson } from "@/lib/stats";
import type { Filters } from "@/lib/url-state/filters";
import type { DateRange } from "@/lib/url-state/period";
import type { DataScope } from "./scope";

export type Granularity = "week" | "month";

export interface OverviewKpis {
  /** Lost deals whose loss date is in the period. */
  lostDeals: number;
  lostMoney: number;
  /** Lost deals among them that have no amount (counted as 0). */
  lostWithoutAmount: number;
  /** Won + lost deals closed in the period. */
  closedDeals: number;
  wonDeals: number;
  revenue: number;
  /** lost / (won + lost) closed in the period; null when nothing closed. */
  lossRate: number | null;
  winRate: number | null;
  winRateInterval: Interval | null;
}

export interface TrendPoint {
  /** Local start of the bucket, YYYY-MM-DD (weeks start on Monday). */
  bucket: string;
  lostDeals: number;
  lostMoney: number;
  wonDeals: number;
  closedDeals: number;
  lossRate: number | null;
}

export interface OverviewDto {
  period: DateRange;
  previousPeriod: DateRange | null;
  current: OverviewKpis;
  previous: OverviewKpis | null;
  /** The known stage with most losses (ties: more money, then id); losses at unknown stage counted apart. */
  topStage: { stageId: string; name: string; lostDeals: number; lostMoney: number } | null;
  unknownStageLost: number;
  /** The recorded reason with most losses (ties: more money, then key); "not specified" counted apart. */
  topReason: { reasonKey: string; label: string; lostDeals: number; lostMoney: number } | null;
  notSpecifiedLost: number;
  granularity: Granularity;
  trend: TrendPoint[];
  /** The previous period's buckets, aligned by index with `trend`. */
  previousTrend: TrendPoint[] | null;
}

interface KpiRow {
  lost: number;
  lost_money: number;
  lost_no_amount: number;
  won: number;
  closed: number;
  revenue: number;
}

/** Lost deals by loss date, won/lost by close date — the `where` keeps either, the filters split them. */
function bases(scope: DataScope, filters: Filters, range: DateRange, src: FactsSource) {
  const loss = src.period("loss", range);
  const closed = src.period("closed", range);
  // A lost deal's loss date is its close date (deriveFacts), so both bases lie in the close-date range: stated
  // once more, it lets the planner read the period from the closed_at index instead of scanning the table.
  const range_ = [
    ...(range.from ? [sql`f.closed_at >= ${range.from}::timestamptz`] : []),
    ...(range.to ? [sql`f.closed_at < ${range.to}::timestamptz`] : []),
  ];
  const inRange = range_.length && !src.monthly ? sql` and ${sql.join(range_, sql` and `)}` : sql``;
  const where = sql`${scopeSql(scope)} and ${dimensionsSql(filters)} and ((${loss}) or (${closed}))${inRange}`;
  return { loss, closed, where };
}

function kpisOf(k: KpiRow | undefined): OverviewKpis {
  const r = k ?? { lost: 0, lost_money: 0, lost_no_amount: 0, won: 0, closed: 0, revenue: 0 };
  const closedLost = r.closed - r.won;
  return {
    lostDeals: r.lost,
    lostMoney: round(r.lost_money),
    lostWithoutAmount: r.lost_no_amount,
    closedDeals: r.closed,
    wonDeals: r.won,
    revenue: round(r.revenue),
    lossRate: ratio(closedLost, r.closed),
    winRate: ratio(r.won, r.closed),
    winRateInterval: wilson(r.won, r.closed),
  };
}

export function granularityFor(range: DateRange): Granularity {
  if (!range.from || !range.to) return "month";
  return Date.parse(range.to) - Date.parse(range.from) <= 92 * 86_400_000 ? "week" : "month";
}

/** The trend by bucket and, from the same scan, the period's KPIs (the grouping set of all rows). */
async function trend(
  db: Database,
  scope: DataScope,
  filters: Filters,
  range: DateRange,
  g: Granularity,
  usable: boolean,
): Promise<{ points: TrendPoint[]; kpis: OverviewKpis }> {
  // The monthly aggregate serves month buckets only (weeks cut across months).
  const src = g === "month" ? sourceFor(usable, filters, range, scope) : baseSource;
  const { loss, closed, where } = bases(scope, filters, range, src);
  const local = (col: SQL) => localTime(col, filters);
  const step = g === "week" ? "1 week" : "1 month";
  // An open-ended period runs from the first to the last close in view (the aggregate's months are local).
  const first = range.from
    ? sql`date_trunc(${g}, ${local(sql`${range.from}::timestamptz`)})`
    : src.monthly
      ? sql`(select min(f.month) from ${src.table} where ${where})`
      : sql`date_trunc(${g}, ${local(sql`(select min(f.closed_at) from deal_facts f where ${where})`)})`;
  const last = range.to
    ? sql`date_trunc(${g}, ${local(sql`(${range.to}::timestamptz - interval '1 millisecond')`)})`
    : src.monthly
      ? sql`(select max(f.month) from ${src.table} where ${where})`
      : sql`date_trunc(${g}, ${local(sql`(select max(f.closed_at) from deal_facts f where ${where})`)})`;
  const bucket = src.monthly
    ? src.month(local)
    : sql`date_trunc(${g}, ${local(sql`coalesce(f.loss_date, f.closed_at)`)})`;
  // Buckets of the period full-joined with the per-bucket sums: the points are the period's buckets, and the
  // KPIs sum every row (a plain parallel hash aggregate; grouping sets would sort and run single-threaded).
  const rows = await queryRows<KpiRow & { bucket: string | null }>(
    db,
    sql`with b as (
        select generate_series(${first}, ${last}, ${step}::interval) as bucket
      ), d as (
        select ${bucket} as bucket,
          (${src.count(loss)})::int as lost,
          coalesce(${src.money(loss)}, 0)::float8 as lost_money,
          (${src.missing(loss)})::int as lost_no_amount,
          (${src.count(sql`${closed} and f.outcome = 'won'`)})::int as won,
          (${src.count(closed)})::int as closed,
          coalesce(${src.money(sql`${closed} and f.outcome = 'won'`)}, 0)::float8 as revenue
        from ${src.table} where ${where} group by 1
      )
      select to_char(b.bucket, 'YYYY-MM-DD') as bucket, coalesce(d.lost, 0) as lost,
        coalesce(d.lost_money, 0)::float8 as lost_money, coalesce(d.lost_no_amount, 0) as lost_no_amount,
        coalesce(d.won, 0) as won, coalesce(d.closed, 0) as closed, coalesce(d.revenue, 0)::float8 as revenue
      from b full join d on d.bucket = b.bucket order by b.bucket`,
  );
  const sum = (pick: (r: KpiRow) => number) => rows.reduce((a, r) => a + pick(r), 0);
  return {
    points: rows
      .filter((r) => r.bucket !== null)
      .map((r) => ({
        bucket: r.bucket as string,
        lostDeals: r.lost,
        lostMoney: round(r.lost_money),
        wonDeals: r.won,
        closedDeals: r.closed,
        lossRate: ratio(r.closed - r.won, r.closed),
      })),
    kpis: kpisOf({
      lost: sum((r) => r.lost),
      lost_money: sum((r) => r.lost_money),
      lost_no_amount: sum((r) => r.lost_no_amount),
      won: sum((r) => r.won),
      closed: sum((r) => r.closed),
      revenue: sum((r) => r.revenue),
    }),
  };
}

async function computeOverview(
  db: Database,
  scope: DataScope,
  filters: Filters,
  options: { granularity?: Granularity } = {},
): Promise<OverviewDto> {
  const g = options.granularity ?? granularityFor(filters.range);
  const usable = await monthlyUsable(db, scope, filters);
  const src = sourceFor(usable, filters, filters.range, scope);
  const lossWhere = sql`${scopeSql(scope)} and ${dimensionsSql(filters)} and ${src.period("loss", filters.range)}`;
  const [tops, now, before] = await Promise.all([
    // The lost deals by stage (g = 1) and by reason (g = 2) in one scan; names joined to the few groups.
    queryRows<{
      g: number;
      id: string | null;
      key: string | null;
      name: string | null;
      label: string | null;
      n: number;
      money: number;
    }>(
      db,
      sql`with x as (
          select grouping(f.lost_at_stage_id, f.reason_key)::int as g, f.lost_at_stage_id as id, f.reason_key as key,
            min(f.reason_label) as label, (${src.count()})::int as n, coalesce(${src.money()}, 0)::float8 as money
          from ${src.table} where ${lossWhere}
          group by grouping sets ((f.lost_at_stage_id), (f.reason_key)))
        select x.*, s.name from x
        left join stages s on x.g = 1 and s.portal_id = ${scope.portalId} and s.bitrix_id = x.id
        order by x.g, x.n desc, x.money desc, x.id, x.key`,
    ),
    trend(db, scope, filters, filters.range, g, usable),
    filters.previous ? trend(db, scope, filters, filters.previous, g, usable) : null,
  ]);
  const stageRows = tops.filter((r) => r.g === 1);
  const reasonRows = tops.filter((r) => r.g === 2);
  const current = now.kpis;
  const previous = before?.kpis ?? null;
  const points = now.points;
  const previousPoints = before?.points ?? null;
  const stage = stageRows.find((r) => r.id !== null);
  const reason = reasonRows.find((r) => r.key !== null);
  return {
    period: filters.range,
    previousPeriod: filters.previous,
    current,
    previous,
    topStage: stage
      ? {
          stageId: stage.id as string,
          name: stage.name ?? (stage.id as string),
          lostDeals: stage.n,
          lostMoney: round(stage.money),
        }
      : null,
    unknownStageLost: stageRows.find((r) => r.id === null)?.n ?? 0,
    topReason: reason
      ? {
          reasonKey: reason.key as string,
          label: reason.label ?? (reason.key as string),
          lostDeals: reason.n,
          lostMoney: round(reason.money),
        }
      : null,
    notSpecifiedLost: reasonRows.find((r) => r.key === null)?.n ?? 0,
    granularity: g,
    trend: points,
    previousTrend: previousPoints,
  };
}

/** The report, cached per facts version (lib/facts/cache.ts): the same result as a fresh computation. */
export const getOverview = cachedReport("overview", computeOverview, { shared: true });
