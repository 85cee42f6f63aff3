/**
 * The self-review's peers (me.ts): each manager's profile over the team's closed deals, and the colleagues with
 * a higher win rate — anonymous, never an id or a name.
 */
import { sql } from "drizzle-orm";
import { type Database, queryRows } from "@/db";
import { factsWhere } from "@/lib/facts/where";
import { median, ratio, round } from "@/lib/stats";
import type { Filters } from "@/lib/url-state/filters";
import { MIN_CLOSED_TO_JUDGE } from "./managers";
import type { MeDto, PeerProfile } from "./me";
import type { DataScope } from "./scope";

export interface PeerRow {
  manager: number;
  closed: number;
  won: number;
  activities: number | null;
  cycle: number | null;
  top_stage: string | null;
  top_share: number | null;
}

export async function peerProfiles(db: Database, team: DataScope, filters: Filters): Promise<PeerRow[]> {
  return queryRows<PeerRow>(
    db,
    sql`with c as (select f.* from deal_facts f
          where ${factsWhere(team, filters, { basis: "closed" })} and f.manager_id is not null),
        lost as (select c.manager_id, coalesce(s.name, c.lost_at_stage_id) as stage, count(*) as n,
            count(*)::float8 / sum(count(*)) over (partition by c.manager_id) as share,
            row_number() over (partition by c.manager_id order by count(*) desc, coalesce(s.name, c.lost_at_stage_id)) as rn
          from c left join stages s on s.portal_id = c.portal_id and s.bitrix_id = c.lost_at_stage_id
          where c.outcome = 'lost' group by c.manager_id, 2)
      select c.manager_id as manager, count(*)::int as closed, count(*) filter (where c.outcome = 'won')::int as won,
        avg(c.completed_activity_count)::float8 as activities,
        (percentile_cont(0.5) within group (order by c.cycle_days))::float8 as cycle,
        min(l.stage) as top_stage, min(l.share)::float8 as top_share
      from c left join lost l on l.manager_id = c.manager_id and l.rn = 1
      group by c.manager_id`,
  );
}

const profile = (r: PeerRow | undefined): PeerProfile => ({
  winRate: r ? ratio(r.won, r.closed) : null,
  activitiesPerDeal: r?.activities == null ? null : round(r.activities, 2),
  medianCycleDays: r?.cycle == null ? null : round(r.cycle, 1),
  topLostStage: r?.top_stage ?? null,
  topLostStageShare: r?.top_share ?? null,
});

function mode(xs: (string | null)[]): string | null {
  const counts = new Map<string, number>();
  for (const x of xs) if (x !== null) counts.set(x, (counts.get(x) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
}

/** The team median loss rate, my profile, and the better colleagues' profiles with their medians. */
export function peersBlock(peers: PeerRow[], managerId: number): Pick<MeDto, "peers" | "teamMedianLossRate"> {
  // Team median loss rate over managers with closed deals (closed = won + lost, as on the managers report).
  const teamLoss = median(peers.filter((p) => p.closed > 0).map((p) => (p.closed - p.won) / p.closed));
  const me = peers.find((p) => p.manager === managerId);
  const myWin = me ? ratio(me.won, me.closed) : null;
  const better = peers
    .filter((p) => p.manager !== managerId && p.closed >= MIN_CLOSED_TO_JUDGE)
    .filter((p) => myWin === null || (ratio(p.won, p.closed) ?? 0) > myWin)
    .sort((a, b) => (ratio(b.won, b.closed) ?? 0) - (ratio(a.won, a.closed) ?? 0) || a.closed - b.closed)
    .map(profile);
  const med = (xs: (number | null)[], digits: number) => {
    const m = median(xs.filter((x): x is number => x !== null));
    return m === null ? null : round(m, digits);
  };
  return {
    teamMedianLossRate: teamLoss === null ? null : round(teamLoss, 6),
    peers: {
      me: profile(me),
      better,
      betterMedian: {
        winRate: med(
          better.map((b) => b.winRate),
          6,
        ),
        activitiesPerDeal: med(
          better.map((b) => b.activitiesPerDeal),
          2,
        ),
        medianCycleDays: med(
          better.map((b) => b.medianCycleDays),
          1,
        ),
        topLostStage: mode(better.map((b) => b.topLostStage)),
      },
      minClosedToJudge: MIN_CLOSED_TO_JUDGE,
    },
  };
}
