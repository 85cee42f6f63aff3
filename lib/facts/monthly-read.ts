/**
 * The monthly pre-aggregate (deal_facts_monthly, rebuilt by deriveFacts in lib/facts/monthly.ts) as a source for
 * the count and sum parts of the reports — used only where it gives exactly the base table's answer:
 * - the aggregate was built for the offset the report uses (its months are the report's local months);
 * - no amount-range filter (the aggregate has no per-deal amount);
 * - the period runs over whole local months (open ends allowed), so "closed in the period" is "closed in one of
 *   its months"; a period with a mid-month edge reads its whole months here and the days around them from
 *   deal_facts (hybridSource), and one with no whole month inside reads deal_facts alone.
 * Sums are exact numerics, so a sum of monthly sums equals the sum over the deals. `LOSSLENS_MONTHLY=off`
 * forces the base-table path for this, deal_facts_stage_days and deal_facts_client_order (the equality tests
 * compare both).
 */
import { type SQL, sql } from "drizzle-orm";
import { type Database, queryRows } from "@/db";
import type { DataScope } from "@/lib/analytics/scope";
import type { Filters } from "@/lib/url-state/filters";
import type { DateRange } from "@/lib/url-state/period";
import { localMonthSql, localMonthStart, portalMinutes } from "./local-month";
import { dimensionsSql, type PeriodBasis, periodOnly, periodSql, scopeSql } from "./where";

/** The pre-aggregates (this one, deal_facts_stage_days, deal_facts_client_order) may answer. */
export const preaggregatesEnabled = () => process.env.LOSSLENS_MONTHLY !== "off";
const enabled = preaggregatesEnabled;

/** The offset in minutes, exactly as localTime (where.ts) inlines it. */
const minutesOf = (filters: Filters) => portalMinutes(filters.offset);

/** Whether the portal's aggregate may answer these filters at all (period aside). */
export async function monthlyUsable(db: Database, scope: DataScope, filters: Filters): Promise<boolean> {
  if (!enabled() || filters.amountMin !== null || filters.amountMax !== null) return false;
  const [row] = await queryRows<{ mins: number }>(
    db,
    sql`select offset_minutes as mins from deal_facts_monthly_state where portal_id = ${scope.portalId}`,
  );
  return row !== undefined && row.mins === minutesOf(filters);
}

/**
 * Whether deal_facts_client_order (db/schema/facts.ts) may answer the Clients report: a director's view (a
 * manager's relationship spans only their own deals) filtered by the period alone, and the table complete.
 */
export async function clientOrderUsable(db: Database, scope: DataScope, filters: Filters): Promise<boolean> {
  if (!enabled() || scope.managerIds !== null || !periodOnly(filters)) return false;
  const [row] = await queryRows<{ one: number }>(
    db,
    sql`select 1 as one from deal_facts_monthly_state where portal_id = ${scope.portalId}`,
  );
  return row !== undefined;
}

/** Both ends of the period on local month starts (or open): the local months bounding it, else null. */
export function monthBounds(
  range: DateRange,
  filters: Filters,
): { from: string | null; to: string | null } | null {
  const mins = minutesOf(filters);
  const from = range.from === null ? null : localMonthStart(range.from, mins);
  const to = range.to === null ? null : localMonthStart(range.to, mins);
  if ((range.from !== null && from === null) || (range.to !== null && to === null)) return null;
  return { from, to };
}

/**
 * Where a count/sum query reads from. `f` is deal_facts or deal_facts_monthly; both carry the columns that
 * scopeSql and dimensionsSql (where.ts) test, except amount_base (amount filters never use the aggregate).
 */
export interface FactsSource {
  monthly: boolean;
  table: SQL;
  /** Deals (matching `cond`), as an integer expression. */
  count: (cond?: SQL) => SQL;
  /** Sum of amount_base (matching `cond`); null when none. */
  money: (cond?: SQL) => SQL;
  /** Deals with no amount matching `cond`. */
  missing: (cond: SQL) => SQL;
  /** The period condition (loss or closed basis). */
  period: (basis: Extract<PeriodBasis, "loss" | "closed">, range: DateRange) => SQL;
  /** Local month of the close (= loss) date, as localTime would truncate it. */
  month: (local: (col: SQL) => SQL) => SQL;
}

/**
 * Scope + period + every filter on the source: on deal_facts exactly factsWhere (where.ts), on the aggregate the
 * same conditions on its columns.
 */
export function sourceWhere(
  src: FactsSource,
  scope: DataScope,
  filters: Filters,
  basis: Extract<PeriodBasis, "loss" | "closed">,
): SQL {
  return sql`${scopeSql(scope)} and ${src.period(basis, filters.range)} and ${dimensionsSql(filters)}`;
}

export const baseSource: FactsSource = {
  monthly: false,
  table: sql`deal_facts f`,
  count: (cond) => (cond ? sql`count(*) filter (where ${cond})` : sql`count(*)`),
  money: (cond) => (cond ? sql`sum(f.amount_base) filter (where ${cond})` : sql`sum(f.amount_base)`),
  missing: (cond) => sql`count(*) filter (where ${cond} and f.amount_missing)`,
  period: (basis, range) => periodSql(basis, range),
  month: (local) => sql`date_trunc('month', ${local(sql`coalesce(f.loss_date, f.closed_at)`)})`,
};

/** What the aggregate and the hybrid source share: counts and sums over rows that are groups of deals. */
const groupedRows = {
  monthly: true,
  count: (cond?: SQL) =>
    cond ? sql`coalesce(sum(f.deals) filter (where ${cond}), 0)` : sql`coalesce(sum(f.deals), 0)`,
  money: (cond?: SQL) => (cond ? sql`sum(f.amount_sum) filter (where ${cond})` : sql`sum(f.amount_sum)`),
  missing: (cond: SQL) => sql`coalesce(sum(f.amount_missing) filter (where ${cond}), 0)`,
  month: () => sql`f.month`,
} as const;

const outcomesOf = (basis: Extract<PeriodBasis, "loss" | "closed">) =>
  basis === "loss" ? sql`f.outcome = 'lost'` : sql`f.outcome in ('won', 'lost')`;

/** Month-key conditions on deal_facts_monthly `f` for local months [from, to) (either open). */
function monthRange(b: { from: string | null; to: string | null }): SQL[] {
  const conds: SQL[] = [];
  if (b.from) conds.push(sql`f.month >= ${b.from}::timestamp`);
  if (b.to) conds.push(sql`f.month < ${b.to}::timestamp`);
  return conds;
}

function monthlySource(filters: Filters): FactsSource {
  return {
    ...groupedRows,
    table: sql`deal_facts_monthly f`,
    period: (basis, range) => {
      const b = monthBounds(range, filters);
      if (!b) throw new Error("monthly source used for a period that is not whole months");
      return sql.join([outcomesOf(basis), ...monthRange(b)], sql` and `);
    },
  };
}

/**
 * A period with a mid-month edge, split: the whole local months inside it, and the edges before and after them
 * (instants, [from, to)). Null when no whole month lies inside (the base table answers it alone).
 */
export function splitPeriod(
  range: DateRange,
  filters: Filters,
): { months: { from: string | null; to: string | null }; edges: DateRange[] } | null {
  const mins = minutesOf(filters);
  // Local month starts as instants: the one at or after an instant, and the one at or before it.
  const monthStart = (iso: string, next: boolean) => {
    const wall = new Date(Date.parse(iso) + mins * 60_000);
    const start = Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth() + (next ? 1 : 0), 1) - mins * 60_000;
    return new Date(start).toISOString();
  };
  const onStart = (iso: string | null) => iso === null || localMonthStart(iso, mins) !== null;
  const from = range.from === null || onStart(range.from) ? range.from : monthStart(range.from, true);
  const to = range.to === null || onStart(range.to) ? range.to : monthStart(range.to, false);
  if (from !== null && to !== null && Date.parse(from) >= Date.parse(to)) return null;
  const edges: DateRange[] = [];
  if (from !== range.from) edges.push({ from: range.from, to: from });
  if (to !== range.to) edges.push({ from: to, to: range.to });
  const months = monthBounds({ from, to }, filters);
  return months && { months, edges };
}

/**
 * A period over whole local months and some days around them: the months from the aggregate, the days' deals from
 * deal_facts as one-deal groups with the aggregate's columns (the local month of the close date, as monthly.ts
 * keys it). The rows are added up the same way, and counts and exact numeric sums add, so the answer is the base
 * table's. The period is applied inside; `period` leaves only its outcomes (a lost deal's loss date is its close
 * date, deal-facts.ts).
 */
function hybridSource(
  filters: Filters,
  split: NonNullable<ReturnType<typeof splitPeriod>>,
  scope: DataScope,
): FactsSource {
  const edges = split.edges.map((e) => periodSql("closed", e));
  const facts = sql`select f.portal_id, ${localMonthSql(sql`f.closed_at`, minutesOf(filters))} as month, f.outcome,
      f.pipeline_id, f.manager_id, f.department_id, f.source_id, f.is_returning_client, f.lost_at_stage_id,
      f.reason_key, f.reason_label, f.raw_reason_key, f.span_stage_ids, f.had_prior_win, 1 as deals,
      f.amount_base::numeric as amount_sum, f.amount_missing::int as amount_missing
    from deal_facts f
    where ${scopeSql(scope)} and (${sql.join(edges, sql` or `)})`;
  const months = sql`select f.portal_id, f.month, f.outcome, f.pipeline_id, f.manager_id, f.department_id,
      f.source_id, f.is_returning_client, f.lost_at_stage_id, f.reason_key, f.reason_label, f.raw_reason_key,
      f.span_stage_ids, f.had_prior_win, f.deals, f.amount_sum, f.amount_missing
    from deal_facts_monthly f where ${sql.join([scopeSql(scope), outcomesOf("closed"), ...monthRange(split.months)], sql` and `)}`;
  return {
    ...groupedRows,
    table: sql`(${months} union all ${facts}) f`,
    period: (basis) => outcomesOf(basis),
  };
}

/**
 * The aggregate when `usable` (monthlyUsable) and the range is whole local months; with mid-month edges around
 * whole months, the aggregate for the months and deal_facts for the edges (hybridSource); else deal_facts.
 */
export function sourceFor(
  usable: boolean,
  filters: Filters,
  range: DateRange,
  scope: DataScope,
): FactsSource {
  if (!usable) return baseSource;
  if (monthBounds(range, filters) !== null) return monthlySource(filters);
  const split = splitPeriod(range, filters);
  return split ? hybridSource(filters, split, scope) : baseSource;
}
