/**
 * Clients (interaction history): how long relationships last, which lost deals lost a customer who had
 * bought before, and — for clients with both won and lost deals — how the two sides differ in cycle length
 * and work, in plain words.
 */
import { type SQL, sql } from "drizzle-orm";
import { type Database, queryRows } from "@/db";
import { cachedReport } from "@/lib/facts/cache";
import { clientOrderUsable, monthlyUsable, sourceFor, sourceWhere } from "@/lib/facts/monthly-read";
import {
  clientNameSql,
  factsWhere,
  managerNameSql,
  periodSql,
  queryRowsLarge,
  scopeSql,
} from "@/lib/facts/where";
import { round } from "@/lib/stats";
import type { Filters } from "@/lib/url-state/filters";
import type { DateRange } from "@/lib/url-state/period";
import { clientPatterns, type Pattern, type SideMedians } from "./patterns";
import type { DataScope } from "./scope";

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

/**
 * A director's period-only view over deal_facts_client_order (db/schema/facts.ts): no grouping by client. In a
 * period [from, to) a client's deals in view are consecutive in its order of closing, so
 * - `first`: the deal is its client's first in view (counts the client once);
 * - `other`: a deal of the other outcome is in view too (the client has both).
 * With neither bound every closed deal is in view, deals without a close date included.
 */
function clientOrderSql(range: DateRange) {
  const { from, to } = range;
  const first =
    from === null
      ? sql`f.is_client_first`
      : sql`(f.is_client_first or f.prev_closed_at < ${from}::timestamptz)`;
  const near = (side: "won" | "lost") => {
    const prev = sql.raw(`f.prev_${side}_at`);
    const next = sql.raw(`f.next_${side}_at`);
    return sql`(${from === null ? sql`${prev} is not null` : sql`${prev} >= ${from}::timestamptz`}
      or ${to === null ? sql`${next} is not null` : sql`${next} < ${to}::timestamptz`})`;
  };
  const other =
    from === null && to === null
      ? sql`case when f.outcome = 'won' then f.client_lost_deals > 0 else f.client_won_deals > 0 end`
      : sql`case when f.outcome = 'won' then ${near("lost")} else ${near("won")} end`;
  return { first, other };
}

type SideRow = {
  outcome: "won" | "lost";
  deals: number;
  cycle: number | null;
  acts: number | null;
  done: number | null;
  clients: number;
};

type Lengths = { clients: number; median: number | null; buckets: number[] };

/**
 * How the report reads its two client-level parts, chosen once at the top: `len` — one row per client with a deal
 * closed in view, its relationship length in `days` (DESIGN.md §3: first deal creation or activity → latest deal
 * close or activity, over the deals the viewer may see) — and the won-vs-lost sides.
 */
interface ClientQueries {
  /** The CTEs that end in `len`. */
  len: SQL;
  sides: (db: Database) => Promise<SideRow[]>;
}

/** The base: deal_facts, grouped by client. */
function baseQueries(scope: DataScope, filters: Filters): ClientQueries {
  const closedWhere = factsWhere(scope, filters, { basis: "closed" });
  // A director sees every deal of a client, whose span deriveFacts stores on each of them (client_first_at,
  // client_last_at, by the definition above); a manager sees only their own deals, so the span covers those.
  const len =
    scope.managerIds === null
      ? sql`len as (
            select extract(epoch from min(f.client_last_at) - min(f.client_first_at)) / 86400 as days
            from deal_facts f where ${closedWhere} and f.client_key is not null
            group by f.client_key)`
      : sql`pc as (select distinct f.client_key from deal_facts f where ${closedWhere} and f.client_key is not null),
        len as (
          select extract(epoch from max(greatest(coalesce(f.closed_at, f.created_at), f.last_activity_at))
            - min(least(f.created_at, f.first_activity_at))) / 86400 as days
          from deal_facts f where ${scopeSql(scope)} and f.client_key in (select client_key from pc)
          group by f.client_key)`;
  const sides = (db: Database) =>
    queryRowsLarge<SideRow>(
      db,
      sql`with pop as (select f.client_key, f.outcome, f.cycle_days, f.activity_count, f.completed_activity_count
          from deal_facts f where ${closedWhere} and f.client_key is not null),
        both_sides as materialized (select client_key from pop group by client_key
          having bool_or(outcome = 'won') and bool_or(outcome = 'lost'))
      select o.outcome, count(pop.outcome)::int as deals,
        percentile_cont(0.5) within group (order by pop.cycle_days)::float8 as cycle,
        percentile_cont(0.5) within group (order by pop.activity_count)::float8 as acts,
        percentile_cont(0.5) within group (order by pop.completed_activity_count)::float8 as done,
        (select count(*) from both_sides)::int as clients
      from (values ('won'), ('lost')) as o(outcome)
      left join pop on pop.outcome = o.outcome and pop.client_key in (select client_key from both_sides)
      group by o.outcome`,
    );
  return { len, sides };
}

/**
 * The accelerated variant: deal_facts_client_order, for a director's period-only view (clientOrderUsable) — the
 * relationship precomputed per client, each side's medians as filtered aggregates in one pass, no grouping.
 */
function clientOrderQueries(scope: DataScope, filters: Filters): ClientQueries {
  const order = clientOrderSql(filters.range);
  const inView = sql`${scopeSql(scope)} and ${periodSql("closed", filters.range)}`;
  const len = sql`len as (
            select f.relationship_days as days from deal_facts_client_order f where ${inView} and ${order.first})`;
  const sides = async (db: Database) => {
    const [r = {}] = await queryRowsLarge<Record<string, number | null>>(
      db,
      sql`select ${sql.join(
        (["won", "lost"] as const).map(
          (o) => sql`count(*) filter (where f.outcome = ${o})::int as ${sql.raw(`${o}_deals`)},
                percentile_cont(0.5) within group (order by f.cycle_days) filter (where f.outcome = ${o})::float8
                  as ${sql.raw(`${o}_cycle`)},
                percentile_cont(0.5) within group (order by f.activity_count) filter (where f.outcome = ${o})::float8
                  as ${sql.raw(`${o}_acts`)},
                percentile_cont(0.5) within group (order by f.completed_activity_count) filter (where f.outcome = ${o})::float8
                  as ${sql.raw(`${o}_done`)}`,
        ),
        sql`, `,
      )},
            -- Each client with both outcomes in view has one first deal in view.
            count(*) filter (where ${order.first})::int as clients
          from deal_facts_client_order f where ${inView} and ${order.other}`,
    );
    return (["won", "lost"] as const).map(
      (o): SideRow => ({
        outcome: o,
        deals: r[`${o}_deals`] ?? 0,
        cycle: r[`${o}_cycle`] ?? null,
        acts: r[`${o}_acts`] ?? null,
        done: r[`${o}_done`] ?? null,
        clients: r.clients ?? 0,
      }),
    );
  };
  return { len, sides };
}

/** Clients counted, the median length and the bucket counts, over `len`. */
function lengthsSql(len: SQL): SQL {
  const buckets = sql`array[${sql.join(
    RELATIONSHIP_BUCKETS.map(
      (b) =>
        sql`count(*) filter (where days >= ${b.fromDays}${b.toDays === null ? sql`` : sql` and days < ${b.toDays}`})::int`,
    ),
    sql`, `,
  )}] as buckets`;
  return sql`with ${len}
      select count(*)::int as clients, percentile_cont(0.5) within group (order by days)::float8 as median,
        ${buckets}
      from len`;
}

type PriorRow = {
  id: number;
  title: string | null;
  client: string | null;
  client_name: string | null;
  manager: number | null;
  manager_name: string | null;
  loss_date: Date | string;
  amount: number;
};

/** The latest lost deals whose client had won before (the drill-down lists them all). */
const priorDealsSql = (scope: DataScope, filters: Filters) =>
  sql`select f.deal_id as id, d.title, f.client_key as client, ${clientNameSql} as client_name,
          f.manager_id as manager, case when f.manager_id is null then null else ${managerNameSql(sql`f.manager_id`)} end as manager_name,
          f.loss_date, f.amount_base::float8 as amount
        from deal_facts f
        left join deals d on d.portal_id = f.portal_id and d.bitrix_id = f.deal_id
        left join b24_users u on u.portal_id = f.portal_id and u.bitrix_id = f.manager_id
        where ${factsWhere(scope, filters, { basis: "loss" })} and f.had_prior_win and f.loss_date is not null
        order by f.loss_date desc, f.deal_id desc limit ${PRIOR_WIN_LIST_LIMIT}`;

async function computeClients(db: Database, scope: DataScope, filters: Filters): Promise<ClientsDto> {
  // Chosen once: the client-order table for the client-level parts when it answers exactly, else deal_facts; the
  // prior-win totals from the monthly aggregate when it answers exactly (lib/facts/monthly-read.ts).
  const [ordered, usable] = await Promise.all([
    clientOrderUsable(db, scope, filters),
    monthlyUsable(db, scope, filters),
  ]);
  const q = ordered ? clientOrderQueries(scope, filters) : baseQueries(scope, filters);
  const src = sourceFor(usable, filters, filters.range, scope);
  const [lengths, priorTotals, priorDeals, sides] = await Promise.all([
    queryRowsLarge<Lengths>(db, lengthsSql(q.len)),
    queryRows<{ n: number; money: number; all_lost: number }>(
      db,
      sql`select (${src.count(sql`f.had_prior_win`)})::int as n,
          coalesce(${src.money(sql`f.had_prior_win`)}, 0)::float8 as money, (${src.count()})::int as all_lost
        from ${src.table} where ${sourceWhere(src, scope, filters, "loss")}`,
    ),
    queryRows<PriorRow>(db, priorDealsSql(scope, filters)),
    q.sides(db),
  ]);
  return clientsDto(lengths[0], priorTotals[0], priorDeals, sides);
}

function clientsDto(
  len: Lengths = { clients: 0, median: null, buckets: [] },
  pt: { n: number; money: number; all_lost: number } = { n: 0, money: 0, all_lost: 0 },
  priorDeals: PriorRow[],
  sides: SideRow[],
): ClientsDto {
  const side = (o: "won" | "lost") => {
    const x = sides.find((s) => s.outcome === o);
    const med = (m: number | null | undefined) => (m == null ? null : round(m, 2));
    return {
      deals: x?.deals ?? 0,
      medianCycleDays: med(x?.cycle),
      medianActivities: med(x?.acts),
      medianCompletedActivities: med(x?.done),
    };
  };
  const won = side("won");
  const lost = side("lost");
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
    wonVsLost: { clients: sides[0]?.clients ?? 0, won, lost },
    patterns: clientPatterns(won, lost, { lostWithPriorWin: pt.n, lostDeals: pt.all_lost }),
  };
}

/** The report, cached per facts version (lib/facts/cache.ts): the same result as a fresh computation. */
export const getClients = cachedReport("clients", computeClients, { shared: true });
