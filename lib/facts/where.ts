/**
 * Filters + data scope → SQL conditions on deal_facts (aliased `f` in every report query). The one place
 * that decides which deals a number counts, so that every report, drill-down and export agree.
 */
import { type SQL, sql } from "drizzle-orm";
import { type Database, intArray, queryRows, textArray } from "@/db";
import type { DataScope } from "@/lib/analytics/scope";
import { type Filters, REASON_NONE, STAGE_UNKNOWN } from "@/lib/url-state/filters";
import type { DateRange } from "@/lib/url-state/period";
import { localTimeSql, portalMinutes } from "./local-month";

/**
 * Which date the period applies to (DESIGN.md §3):
 * - `loss`   lost deals whose loss date is in the period (loss metrics);
 * - `closed` won and lost deals whose close date is in the period (win/loss ratios; a lost deal's close
 *            date is its loss date, so the two bases agree on lost deals);
 * - `worked` deals open at some moment of the period: created before its end, not closed before its start;
 * - `none`   no period condition.
 */
export type PeriodBasis = "loss" | "closed" | "worked" | "none";

export { intArray, textArray } from "@/db";

/** The viewer's data scope: one portal, and for a manager only their own deals. Applied in every query. */
export function scopeSql(scope: DataScope): SQL {
  const portal = sql`f.portal_id = ${scope.portalId}`;
  if (scope.managerIds === null) return portal;
  return sql`${portal} and f.manager_id = any(${intArray(scope.managerIds)}::int[])`;
}

export function periodSql(basis: PeriodBasis, range: DateRange): SQL {
  const conds: SQL[] = [];
  const { from, to } = range;
  if (basis === "loss") {
    conds.push(sql`f.outcome = 'lost'`);
    if (from) conds.push(sql`f.loss_date >= ${from}::timestamptz`);
    if (to) conds.push(sql`f.loss_date < ${to}::timestamptz`);
  } else if (basis === "closed") {
    conds.push(sql`f.outcome in ('won', 'lost')`);
    if (from) conds.push(sql`f.closed_at >= ${from}::timestamptz`);
    if (to) conds.push(sql`f.closed_at < ${to}::timestamptz`);
  } else if (basis === "worked") {
    if (to) conds.push(sql`f.created_at < ${to}::timestamptz`);
    if (from) conds.push(sql`(f.closed_at is null or f.closed_at >= ${from}::timestamptz)`);
  }
  return conds.length ? sql.join(conds, sql` and `) : sql`true`;
}

/**
 * Every filter except the period. Stage and reason are attributes of a loss: they narrow the lost deals and
 * keep won and open deals, so a loss rate under them reads "share of closed deals lost at this stage / for
 * this reason" (docs/metrics.md).
 */
export function dimensionsSql(filters: Filters): SQL {
  const c: SQL[] = [];
  if (filters.pipeline !== null) c.push(sql`f.pipeline_id = ${filters.pipeline}`);
  if (filters.managers.length) c.push(sql`f.manager_id = any(${intArray(filters.managers)}::int[])`);
  if (filters.department !== null) c.push(sql`f.department_id = ${filters.department}`);
  if (filters.source !== null) c.push(sql`f.source_id = ${filters.source}`);
  if (filters.client === "new") c.push(sql`not f.is_returning_client`);
  if (filters.client === "returning") c.push(sql`f.is_returning_client`);
  if (filters.amountMin !== null) c.push(sql`f.amount_base >= ${filters.amountMin}`);
  if (filters.amountMax !== null) c.push(sql`f.amount_base <= ${filters.amountMax}`);
  if (filters.stage === STAGE_UNKNOWN) c.push(sql`(f.outcome <> 'lost' or f.lost_at_stage_id is null)`);
  else if (filters.stage !== null)
    c.push(sql`(f.outcome <> 'lost' or f.lost_at_stage_id = ${filters.stage})`);
  if (filters.reasons.length) {
    const keys = filters.reasons.filter((r) => r !== REASON_NONE);
    const none = keys.length < filters.reasons.length;
    const any = keys.length ? sql`f.reason_key = any(${textArray(keys)}::text[])` : sql`false`;
    c.push(sql`(f.outcome <> 'lost' or ${any}${none ? sql` or f.reason_key is null` : sql``})`);
  }
  return c.length ? sql.join(c, sql` and `) : sql`true`;
}

/** No filter but the period: dimensionsSql adds no condition. */
export function periodOnly(filters: Filters): boolean {
  return (
    filters.pipeline === null &&
    filters.managers.length === 0 &&
    filters.department === null &&
    filters.source === null &&
    filters.client !== "new" &&
    filters.client !== "returning" &&
    filters.amountMin === null &&
    filters.amountMax === null &&
    filters.stage === null &&
    filters.reasons.length === 0
  );
}

export interface WhereOptions {
  basis: PeriodBasis;
  /** Defaults to the filters' period; pass `filters.previous` for the comparison period. */
  range?: DateRange;
}

/** Scope + period + every filter: the `where` of a report query on `deal_facts f`. */
export function factsWhere(scope: DataScope, filters: Filters, opts: WhereOptions): SQL {
  return sql`${scopeSql(scope)} and ${periodSql(opts.basis, opts.range ?? filters.range)} and ${dimensionsSql(filters)}`;
}

/** A timestamptz column as local wall time in the filters' (the portal's) offset (local-month.ts). */
export function localTime(column: SQL, filters: Filters): SQL {
  return localTimeSql(column, portalMinutes(filters.offset));
}

/** Manager display name from b24_users `u`: "Иван Иванов", else "#id". */
export const managerNameSql = (managerId: SQL) =>
  sql`coalesce(nullif(trim(concat_ws(' ', u.name, u.last_name)), ''), '#' || ${managerId}::text)`;

/** Client display name for `f.client_key`: the company title, else the contact's name, else null. */
export const clientNameSql = sql`case
  when f.client_key like 'company:%' then (select nullif(c.title, '') from companies c
    where c.portal_id = f.portal_id and c.bitrix_id = split_part(f.client_key, ':', 2)::int)
  when f.client_key like 'contact:%' then (select nullif(trim(concat_ws(' ', k.name, k.last_name)), '') from contacts k
    where k.portal_id = f.portal_id and k.bitrix_id = split_part(f.client_key, ':', 2)::int)
end`;

/**
 * A report query with a large sort or many groups (medians, per-client groups): run with enough work_mem to
 * stay in memory — at 1M deals the default 4 MB spills them to disk and costs several times more.
 */
export async function queryRowsLarge<T>(db: Database, query: SQL, workMem = "64MB"): Promise<T[]> {
  return db.transaction(async (tx) => {
    await tx.execute(sql.raw(`set local work_mem = '${workMem}'`));
    // Compiling a plan to machine code costs these queries more (up to ~150 ms) than it saves.
    await tx.execute(sql.raw("set local jit = off"));
    return queryRows<T>(tx, query);
  });
}
