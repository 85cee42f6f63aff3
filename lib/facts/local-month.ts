/**
 * The portal's local calendar month of an instant — the one definition. A report's months, the monthly
 * aggregate's `month` key (deal_facts_monthly) and the months a partial derive re-aggregates must be the same
 * months, or the aggregate would answer differently from deal_facts; they all come from here.
 *
 * The portal's time is a fixed offset from UTC (no DST in Moscow); it is inlined into the SQL (an integer we
 * computed), so the same expression in a select and its group by matches textually.
 */
import { type SQL, sql } from "drizzle-orm";
import { offsetMinutes } from "@/lib/url-state/period";

/** The portal's UTC offset ("+03:00") in whole minutes; UTC+3 (Moscow) when unknown. */
export const portalMinutes = (offset: string | null | undefined): number =>
  Math.trunc(offsetMinutes(offset ?? "") ?? 180);

/** A timestamptz column as local wall time (timestamp) at the offset. */
export function localTimeSql(column: SQL, mins: number): SQL {
  return sql`((${column} at time zone 'UTC') + interval '${sql.raw(String(Math.trunc(mins)))} minutes')`;
}

/** The local month (timestamp of its first midnight) of a timestamptz column. */
export const localMonthSql = (column: SQL, mins: number): SQL =>
  sql`date_trunc('month', ${localTimeSql(column, mins)})`;

/** The local month as text 'YYYY-MM-DD HH24:MI:SS': the aggregate's key as a partial derive collects it. */
export const localMonthKeySql = (column: SQL, mins: number): SQL =>
  sql`to_char(${localMonthSql(column, mins)}, 'YYYY-MM-DD HH24:MI:SS')`;

/** A local wall time (timestamp) at the offset as the instant (timestamptz) it names: localTimeSql's inverse. */
export const instantOfLocalSql = (local: SQL, mins: number): SQL =>
  sql`(${local} - make_interval(mins => ${mins})) at time zone 'UTC'`;

/** An instant as the local wall time "YYYY-MM-01 00:00:00" when it starts a local month, else null. */
export function localMonthStart(iso: string, mins: number): string | null {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return null;
  const d = new Date(t + mins * 60_000);
  if (
    d.getUTCDate() !== 1 ||
    d.getUTCHours() ||
    d.getUTCMinutes() ||
    d.getUTCSeconds() ||
    d.getUTCMilliseconds()
  )
    return null;
  return `${d.getUTCFullYear().toString().padStart(4, "0")}-${String(d.getUTCMonth() + 1).padStart(2, "0")}-01 00:00:00`;
}
