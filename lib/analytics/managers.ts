/**
 * Managers: a leaderboard of deals closed in the period — closed, won, lost, loss rate with its 95% Wilson
 * interval, share of all losses, money lost, revenue, average lost deal — with a team median row. Fewer
 * than 10 closed deals is "too few to judge" and not ranked — and each manager's loss capture quality (capture.ts).
 */
import { sql } from "drizzle-orm";
import { type Database, queryRows } from "@/db";
import { cachedReport } from "@/lib/facts/cache";
import { monthlyUsable, sourceFor, sourceWhere } from "@/lib/facts/monthly-read";
import { managerNameSql } from "@/lib/facts/where";
import { type Interval, median, ratio, round, wilson } from "@/lib/stats";
import type { Filters } from "@/lib/url-state/filters";
import { type CaptureDto, getCaptureQuality } from "./capture";
import type { DataScope } from "./scope";

export const MIN_CLOSED_TO_JUDGE = 10;

export interface ManagerRow {
  /** null = deals with no responsible user. */
  managerId: number | null;
  name: string | null;
  closedDeals: number;
  wonDeals: number;
  lostDeals: number;
  lossRate: number | null;
  lossRateInterval: Interval | null;
  winRate: number | null;
  winRateInterval: Interval | null;
  /** Manager's lost / all lost in view. */
  lossShare: number | null;
  lostMoney: number;
  revenue: number;
  averageLostDeal: number | null;
  tooFewToJudge: boolean;
  /** 1 = lowest loss rate among managers with enough closed deals; null when too few to judge. */
  rank: number | null;
}

export type TeamMedian = Record<
  | "closedDeals"
  | "wonDeals"
  | "lostDeals"
  | "lossRate"
  | "winRate"
  | "lossShare"
  | "lostMoney"
  | "revenue"
  | "averageLostDeal",
  number | null
>;

export interface ManagersDto {
  rows: ManagerRow[];
  /** Median of each column over the managers listed. */
  teamMedian: TeamMedian;
  /** Everyone in view together. */
  total: Omit<ManagerRow, "managerId" | "name" | "rank" | "tooFewToJudge" | "lossShare">;
  minClosedToJudge: number;
  /** Loss capture quality per manager over the lost deals in view (capture.ts). */
  capture: CaptureDto;
}

interface Row {
  manager: number | null;
  name: string | null;
  closed: number;
  won: number;
  lost: number;
  lost_money: number;
  revenue: number;
  share: number | null;
  rank: number | null;
}

function measures(closed: number, won: number, lost: number, lostMoney: number, revenue: number) {
  return {
    closedDeals: closed,
    wonDeals: won,
    lostDeals: lost,
    lossRate: ratio(lost, closed),
    lossRateInterval: wilson(lost, closed),
    winRate: ratio(won, closed),
    winRateInterval: wilson(won, closed),
    lostMoney: round(lostMoney),
    revenue: round(revenue),
    averageLostDeal: lost === 0 ? null : round(lostMoney / lost),
  };
}

async function computeManagers(db: Database, scope: DataScope, filters: Filters): Promise<ManagersDto> {
  // The monthly aggregate when it answers exactly (lib/facts/monthly-read.ts).
  const src = sourceFor(await monthlyUsable(db, scope, filters), filters, filters.range, scope);
  const where = sourceWhere(src, scope, filters, "closed");
  const won = sql`f.outcome = 'won'`;
  const lost = sql`f.outcome = 'lost'`;
  const [capture, rows] = await Promise.all([
    getCaptureQuality(db, scope, filters),
    queryRows<Row>(
      db,
      sql`with m as (
        select f.manager_id as manager,
          (${src.count()})::int as closed, (${src.count(won)})::int as won,
          (${src.count(lost)})::int as lost,
          coalesce(${src.money(lost)}, 0)::float8 as lost_money,
          coalesce(${src.money(won)}, 0)::float8 as revenue
        from ${src.table}
        where ${where}
        group by f.manager_id)
      select m.*, case when m.manager is null then null else ${managerNameSql(sql`m.manager`)} end as name,
        m.lost::float8 / nullif(sum(m.lost) over (), 0) as share,
        case when m.closed >= ${MIN_CLOSED_TO_JUDGE} then
          rank() over (partition by m.closed >= ${MIN_CLOSED_TO_JUDGE} order by m.lost::float8 / m.closed)
        end::int as rank
      from m left join b24_users u on u.portal_id = ${scope.portalId} and u.bitrix_id = m.manager
      order by rank nulls last, m.closed desc, m.lost desc, m.manager nulls last`,
    ),
  ]);
  const out: ManagerRow[] = rows.map((r) => ({
    managerId: r.manager,
    name: r.name,
    ...measures(r.closed, r.won, r.lost, r.lost_money, r.revenue),
    lossShare: r.share,
    tooFewToJudge: r.closed < MIN_CLOSED_TO_JUDGE,
    rank: r.rank,
  }));
  const med = (pick: (r: ManagerRow) => number | null, digits = 2) => {
    const m = median(out.map(pick).filter((x): x is number => x !== null));
    return m === null ? null : round(m, digits);
  };
  const sum = (pick: (r: Row) => number) => rows.reduce((a, r) => a + pick(r), 0);
  return {
    rows: out,
    teamMedian: {
      closedDeals: med((r) => r.closedDeals),
      wonDeals: med((r) => r.wonDeals),
      lostDeals: med((r) => r.lostDeals),
      lossRate: med((r) => r.lossRate, 6),
      winRate: med((r) => r.winRate, 6),
      lossShare: med((r) => r.lossShare, 6),
      lostMoney: med((r) => r.lostMoney),
      revenue: med((r) => r.revenue),
      averageLostDeal: med((r) => r.averageLostDeal),
    },
    total: measures(
      sum((r) => r.closed),
      sum((r) => r.won),
      sum((r) => r.lost),
      sum((r) => r.lost_money),
      sum((r) => r.revenue),
    ),
    minClosedToJudge: MIN_CLOSED_TO_JUDGE,
    capture,
  };
}

/** The report, cached per facts version (lib/facts/cache.ts): the same result as a fresh computation. */
export const getManagers = cachedReport("managers", computeManagers, { shared: true });
