/**
 * deal_facts_monthly (db/schema/facts.ts), the monthly pre-aggregate of the facts, and its state row: written
 * here inside the derive's transaction; read by reports through monthly-read.ts only when the state says it was
 * built for the offset a report asks for.
 */
import { type SQL, sql } from "drizzle-orm";
import { type DbOrTx, intArray, queryRows } from "@/db";
import { instantOfLocalSql, localMonthKeySql, localMonthSql, portalMinutes } from "./local-month";
import { replaceRows } from "./replace";

/** The portal's offset in minutes, as its reports read it. */
export async function portalOffsetMinutes(tx: DbOrTx, portalId: number): Promise<number> {
  const [portal] = await queryRows<{ offset: string | null }>(
    tx,
    sql`select timezone_offset as offset from portals where id = ${portalId}`,
  );
  return portalMinutes(portal?.offset);
}

/** A partial run's plan: the offset, and the aggregate's months its deals stood in before it. */
export interface MonthlyPlan {
  mins: number;
  before: string[];
}

/**
 * Whether a partial run may re-aggregate just its months: only when the aggregate is complete and built for the
 * portal's offset now; otherwise (never built, invalidated by a deletion, offset changed) it is rebuilt whole.
 */
export async function monthlyPlan(
  tx: DbOrTx,
  portalId: number,
  dealIds: number[],
): Promise<MonthlyPlan | null> {
  const mins = await portalOffsetMinutes(tx, portalId);
  const [state] = await queryRows<{ offset_minutes: number }>(
    tx,
    sql`select offset_minutes from deal_facts_monthly_state where portal_id = ${portalId}`,
  );
  if (!state || state.offset_minutes !== mins) return null;
  return { mins, before: await touchedMonths(tx, portalId, dealIds, mins) };
}

/** A fact's aggregate key: the local month of its close date, as 'YYYY-MM-DD HH24:MI:SS' (alias f). */
export const factMonthKeySql = (mins: number) => localMonthKeySql(sql`f.closed_at`, mins);

/**
 * Local months (aggregate keys) of the closed facts a partial run can change: its deals and every deal of their
 * clients (returning / prior-win flags). Facts of vanished deals come back from the run's delete. Two indexed
 * lookups, not one OR over the portal's facts.
 */
export async function touchedMonths(
  tx: DbOrTx,
  portalId: number,
  dealIds: number[],
  mins: number,
): Promise<string[]> {
  const ids = intArray(dealIds);
  const rows = await queryRows<{ m: string }>(
    tx,
    sql`select ${factMonthKeySql(mins)} as m from deal_facts f
        where f.portal_id = ${portalId} and f.outcome in ('won', 'lost') and f.deal_id = any(${ids}::int[])
      union
      select ${factMonthKeySql(mins)} as m from deal_facts f
        where f.portal_id = ${portalId} and f.outcome in ('won', 'lost') and f.client_key in (
          select client_key from deal_facts where portal_id = ${portalId} and deal_id = any(${ids}::int[])
            and client_key is not null)`,
  );
  return rows.map((r) => r.m);
}

/** The portal's deal_facts_monthly no longer matches its facts (deal_facts changed outside deriveFacts). */
export async function invalidateMonthlyFacts(tx: DbOrTx, portalId: number) {
  await tx.execute(sql`delete from deal_facts_monthly_state where portal_id = ${portalId}`);
}

// biome-ignore format: a column list
const COLS = ["portal_id", "month", "outcome", "pipeline_id", "manager_id", "department_id", "source_id",
  "is_returning_client", "lost_at_stage_id", "reason_key", "reason_label", "raw_reason_key", "span_stage_ids",
  "had_prior_win", "deals", "amount_sum", "amount_missing"];

/** Closed facts (of `inMonths`) grouped by the local month of the close date and every filterable dimension. */
const monthlySql = (portalId: number, mins: number, inMonths: SQL) => sql`
    select f.portal_id, ${localMonthSql(sql`f.closed_at`, mins)} as month,
      f.outcome, f.pipeline_id, f.manager_id, f.department_id, f.source_id, f.is_returning_client,
      f.lost_at_stage_id, f.reason_key, min(f.reason_label) as reason_label, f.raw_reason_key, f.span_stage_ids,
      f.had_prior_win, count(*)::int as deals, coalesce(sum(f.amount_base), 0) as amount_sum,
      (count(*) filter (where f.amount_missing))::int as amount_missing
    from deal_facts f
    where f.portal_id = ${portalId} and f.outcome in ('won', 'lost') ${inMonths}
    group by f.portal_id, 2, f.outcome, f.pipeline_id, f.manager_id, f.department_id, f.source_id,
      f.is_returning_client, f.lost_at_stage_id, f.reason_key, f.raw_reason_key, f.span_stage_ids, f.had_prior_win`;

/**
 * deal_facts_monthly of the portal from its deal_facts, in full (only the groups that changed are written) or for
 * some months (rewritten): closed deals grouped by the local month of the close date (local-month.ts) and every
 * filterable dimension. Call inside the transaction that changed the facts.
 */
export async function rebuildMonthlyFacts(tx: DbOrTx, portalId: number, months?: string[]) {
  const mins = await portalOffsetMinutes(tx, portalId);
  if (months?.length === 0) return;
  if (months) await rewriteMonths(tx, portalId, mins, months);
  // A group has no natural key (nullable dimensions): a stored group is the same when its whole row is.
  else
    await replaceRows(tx, portalId, {
      table: "deal_facts_monthly",
      cols: COLS,
      rows: monthlySql(portalId, mins, sql``),
      match: null,
      key: ["id"],
    });
  await tx.execute(sql`insert into deal_facts_monthly_state (portal_id, offset_minutes, built_at)
    values (${portalId}, ${mins}, now())
    on conflict (portal_id) do update set offset_minutes = excluded.offset_minutes, built_at = now()`);
}

/** Some months' groups deleted and aggregated again. */
async function rewriteMonths(tx: DbOrTx, portalId: number, mins: number, months: string[]) {
  // Months as local 'YYYY-MM-DD HH:MI:SS' month starts; their close-date range in UTC keeps to the closed_at index.
  const inMonths = sql`and (${sql.join(
    months.map(
      (m) => sql`(f.closed_at >= ${instantOfLocalSql(sql`${m}::timestamp`, mins)}
            and f.closed_at < ${instantOfLocalSql(sql`(${m}::timestamp + interval '1 month')`, mins)})`,
    ),
    sql` or `,
  )})`;
  await tx.execute(
    sql`delete from deal_facts_monthly where portal_id = ${portalId} and month = any(${`{${months.map((m) => `"${m}"`).join(",")}}`}::timestamp[])`,
  );
  await tx.execute(
    sql`insert into deal_facts_monthly (${sql.raw(COLS.join(", "))}) ${monthlySql(portalId, mins, inMonths)}`,
  );
}
