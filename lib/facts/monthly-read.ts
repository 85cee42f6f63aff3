/**
 * The monthly pre-aggregate (deal_facts_monthly, rebuilt by deriveFacts in lib/facts/monthly.ts) as a source for
 * the count and sum parts of the reports — used only where it gives exactly the base table's answer:
 * - the aggregate was built for the offset the report uses (its months are the report's local months);
 * - no amount-range filter (the aggregate has no per-deal amount);
 * - the period runs over whole local months (open ends allowed), so "closed in the period" is "closed in one of
 *   its months" — a period with a mid-month edge reads deal_facts.
 * Sums are exact numerics, so a sum of monthly sums equals the sum over the deals. `LOSSLENS_MONTHLY=off`
 * forces the base-table path for this, deal_facts_stage_days and deal_facts_client_order (the equality tests
 * compare both).
 */
import { type SQL, sql } from "drizzle-orm";
import { type Database, queryRows } from "@/db";
import type { DataScope } from "@/lib/analytics/scope";
import type { Filters } from "@/lib/url-state/filters";
import type { DateRange } from "@/lib/url-state/period";
import { localMonthStart, portalMinutes } from "./local-month";
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

function monthlySource(filters: Filters): FactsSource {
  return {
    monthly: true,
    table: sql`deal_facts_monthly f`,
    count: (cond) =>
      cond ? sql`coalesce(sum(f.deals) filter (where ${cond}), 0)` : sql`coalesce(sum(f.deals), 0)`,
    money: (cond) => (cond ? sql`sum(f.amount_sum) filter (where ${cond})` : sql`sum(f.amount_sum)`),
    missing: (cond) => sql`coalesce(sum(f.amount_missing) filter (where ${cond}), 0)`,
    period: (basis, range) => {
      const b = monthBounds(range, filters);
      if (!b) throw new Error("monthly source used for a period that is not whole months");
      const conds = [basis === "loss" ? sql`f.outcome = 'lost'` : sql`f.outcome in ('won', 'lost')`];
      if (b.from) conds.push(sql`f.month >= ${b.from}::timestamp`);
      if (b.to) conds.push(sql`f.month < ${b.to}::timestamp`);
      return sql.join(conds, sql` and `);
    },
    month: () => sql`f.month`,
  };
}

/** The aggregate when `usable` (monthlyUsable) and every range is whole local months, else deal_facts. */
export function sourceFor(usable: boolean, filters: Filters, ...ranges: DateRange[]): FactsSource {
  if (!usable || ranges.some((r) => monthBounds(r, filters) === null)) return baseSource;
  return monthlySource(filters);
}
