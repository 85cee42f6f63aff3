/**
 * Clients (interaction history): how long relationships last, which lost deals lost a customer who had
 * bought before, and — for clients with both won and lost deals — how the two sides differ in cycle length
 * and work, in plain words.
 */
import { sql } from "drizzle-orm";
import { type Database, queryRows } from "@/db";
import type { Filters } from "@/lib/filters";
import { median, round } from "@/lib/stats";
import { clientPatterns, type Pattern, type SideMedians } from "./patterns";
import type { DataScope } from "./scope";
import { clientNameSql, factsWhere, managerNameSql, scopeSql } from "./where";

/** Relationship-length buckets in days: [from, to). */
export const RELATIONSHIP_BUCKETS = [
  { key: "upToWeek", fromDays: 0, toDays: 7 },
  { key: "upToMonth", fromDays: 7, toDays: 30 },
  { key: "upToQuarter", fromDays: 30, toDays: 90 },
  { key: "upToHalfYear", fromDays: 90, toDays: 180 },
  { key: "upToYear", fromDays: 180, toDays: 365 },
  { key: "overYear", fromDays: 365, toDays: null },
] as const;

export interface PriorWinDeal {
  dealId: number;
  title: string;
  clientKey: string | null;
  clientName: string | null;
  managerId: number | null;
  managerName: string | null;
  lossDate: string;
  amount: number;
}

export interface ClientsDto {
  relationship: {
    clients: number;
    medianDays: number | null;
    buckets: { key: string; fromDays: number; toDays: number | null; clients: number }[];
  };
  priorWin: { lostDeals: number; lostMoney: number; ofLostDeals: number; deals: PriorWinDeal[] };
  wonVsLost: {
    clients: number;
    won: SideMedians & { medianActivities: number | null };
    lost: SideMedians & { medianActivities: number | null };
  };
  patterns: Pattern[];
}

/** How many prior-win deals the page lists; the drill-down (slice priorWin) has them all. */
export const PRIOR_WIN_LIST_LIMIT = 50;

export async function getClients(db: Database, scope: DataScope, filters: Filters): Promise<ClientsDto> {
  const closedWhere = factsWhere(scope, filters, { basis: "closed" });
  const lossWhere = factsWhere(scope, filters, { basis: "loss" });
  const p = scope.portalId;
  const [lengths, priorTotals, priorDeals, sides] = await Promise.all([
    // Clients with a deal closed in view; the relationship spans all their deals the viewer may see.
    queryRows<{ clients: number; median: number | null; buckets: number[] }>(
      db,
      sql`with pc as (select distinct f.client_key from deal_facts f where ${closedWhere} and f.client_key is not null),
        cd as (select f.client_key, f.deal_id, f.created_at, f.closed_at from deal_facts f
          where ${scopeSql(scope)} and f.client_key in (select client_key from pc)),
        ev as (
          select client_key, created_at as first_t, coalesce(closed_at, created_at) as last_t from cd
          union all
          select cd.client_key, coalesce(a.start_time, a.created), coalesce(a.end_time, a.start_time, a.created)
          from activities a join cd on a.owner_id = cd.deal_id
          where a.portal_id = ${p} and a.owner_type_id = 2),
        len as (select extract(epoch from max(last_t) - min(first_t)) / 86400 as days from ev group by client_key)
      select count(*)::int as clients, percentile_cont(0.5) within group (order by days)::float8 as median,
        array[${sql.join(
          RELATIONSHIP_BUCKETS.map(
            (b) =>
              sql`count(*) filter (where days >= ${b.fromDays}${b.toDays === null ? sql`` : sql` and days < ${b.toDays}`})::int`,
          ),
          sql`, `,
        )}] as buckets
      from len`,
    ),
    queryRows<{ n: number; money: number; all_lost: number }>(
      db,
      sql`select count(*) filter (where f.had_prior_win)::int as n,
          coalesce(sum(f.amount_base) filter (where f.had_prior_win), 0)::float8 as money, count(*)::int as all_lost
        from deal_facts f where ${lossWhere}`,
    ),
    queryRows<{
      id: number;
      title: string | null;
      client: string | null;
      client_name: string | null;
      manager: number | null;
      manager_name: string | null;
      loss_date: Date | string;
      amount: number;
    }>(
      db,
      sql`select f.deal_id as id, d.title, f.client_key as client, ${clientNameSql} as client_name,
          f.manager_id as manager, case when f.manager_id is null then null else ${managerNameSql(sql`f.manager_id`)} end as manager_name,
          f.loss_date, f.amount_base::float8 as amount
        from deal_facts f
        left join deals d on d.portal_id = f.portal_id and d.bitrix_id = f.deal_id
        left join b24_users u on u.portal_id = f.portal_id and u.bitrix_id = f.manager_id
        where ${lossWhere} and f.had_prior_win
        order by f.loss_date desc, f.deal_id desc limit ${PRIOR_WIN_LIST_LIMIT}`,
    ),
    queryRows<{ outcome: "won" | "lost"; cycle: number | null; acts: number; done: number; client: string }>(
      db,
      sql`with pop as (select f.* from deal_facts f where ${closedWhere} and f.client_key is not null),
        both_sides as (select client_key from pop group by client_key
          having bool_or(outcome = 'won') and bool_or(outcome = 'lost'))
      select outcome, cycle_days::float8 as cycle, activity_count as acts, completed_activity_count as done,
        client_key as client
      from pop where client_key in (select client_key from both_sides)`,
    ),
  ]);
  const len = lengths[0] ?? { clients: 0, median: null, buckets: [] };
  const side = (o: "won" | "lost") => {
    const xs = sides.filter((s) => s.outcome === o);
    const med = (v: number[]) => {
      const m = median(v);
      return m === null ? null : round(m, 2);
    };
    return {
      deals: xs.length,
      medianCycleDays: med(xs.flatMap((x) => (x.cycle === null ? [] : [x.cycle]))),
      medianActivities: med(xs.map((x) => x.acts)),
      medianCompletedActivities: med(xs.map((x) => x.done)),
    };
  };
  const won = side("won");
  const lost = side("lost");
  const pt = priorTotals[0] ?? { n: 0, money: 0, all_lost: 0 };
  return {
    relationship: {
      clients: len.clients,
      medianDays: len.median === null ? null : round(len.median, 2),
      buckets: RELATIONSHIP_BUCKETS.map((b, i) => ({ ...b, clients: len.buckets[i] ?? 0 })),
    },
    priorWin: {
      lostDeals: pt.n,
      lostMoney: round(pt.money),
      ofLostDeals: pt.all_lost,
      deals: priorDeals.map((d) => ({
        dealId: d.id,
        title: d.title ?? "",
        clientKey: d.client,
        clientName: d.client_name,
        managerId: d.manager,
        managerName: d.manager_name,
        lossDate: new Date(d.loss_date).toISOString(),
        amount: round(d.amount),
      })),
    },
    wonVsLost: { clients: new Set(sides.map((s) => s.client)).size, won, lost },
    patterns: clientPatterns(won, lost, { lostWithPriorWin: pt.n, lostDeals: pt.all_lost }),
  };
}
