/**
 * The manager's self-review (`/me`): my losses by stage and by reason next to the team median, my loss rate with
 * its Wilson interval and the trend against the previous period, my loss capture quality against the team median
 * (capture.ts), my lost deals still without a comment, my comments, and what colleagues with a higher win rate do
 * differently — with their names hidden.
 *
 * Access: `managerId` must be inside `scope` (else null → the page answers 404), and every query about the
 * manager's own deals runs under `scope` in SQL. Team comparisons read the whole portal but return only
 * aggregates — medians and anonymous rows, never a colleague's id, name or deal.
 */
import { type SQL, sql } from "drizzle-orm";
import { type Database, queryRows } from "@/db";
import { factsWhere } from "@/lib/facts/where";
import { type Interval, median, ratio, round, wilson } from "@/lib/stats";
import type { Filters } from "@/lib/url-state/filters";
import { type DateRange, previousPeriod } from "@/lib/url-state/period";
import { getMyCapture, type MyCapture } from "./capture";
import { stageLabelSql } from "./lookups";
import { MIN_CLOSED_TO_JUDGE } from "./managers";
import { peerProfiles, peersBlock } from "./me-peers";
import type { DataScope } from "./scope";

export const ME_LIST_LIMIT = 50;

export interface RateBlock {
  closed: number;
  won: number;
  lost: number;
  lossRate: number | null;
  lossRateInterval: Interval | null;
  tooFewToJudge: boolean;
}

export interface ShareRow {
  /** Stage id / reason key; null = unknown stage / reason not specified. */
  key: string | null;
  label: string | null;
  mine: number;
  mineShare: number | null;
  /** Median over the team's managers of each one's share of their own losses here. */
  teamMedianShare: number | null;
}

export interface PeerProfile {
  winRate: number | null;
  activitiesPerDeal: number | null;
  medianCycleDays: number | null;
  /** Where this person's losses concentrate. */
  topLostStage: string | null;
  topLostStageShare: number | null;
}

export interface MeDto {
  managerId: number;
  name: string | null;
  current: RateBlock;
  previous: (RateBlock & { range: DateRange }) | null;
  /** current − previous loss rate, in rate units (0.05 = +5 points); null when either is unknown. */
  lossRateChange: number | null;
  teamMedianLossRate: number | null;
  byStage: ShareRow[];
  byReason: ShareRow[];
  uncommented: {
    total: number;
    rows: {
      dealId: number;
      title: string;
      lossDate: string | null;
      amount: number;
      stage: string | null;
      reason: string | null;
      url: string;
    }[];
  };
  comments: {
    id: string;
    dealId: number;
    title: string;
    createdAt: string | null;
    text: string;
    url: string;
  }[];
  peers: {
    me: PeerProfile;
    /** Colleagues with enough closed deals and a higher win rate, best first, as "colleague 1, 2, …". */
    better: PeerProfile[];
    /** Medians over `better`. */
    betterMedian: Omit<PeerProfile, "winRate" | "topLostStageShare"> & { winRate: number | null };
    minClosedToJudge: number;
  };
  /** My loss capture quality against the team median (capture.ts). */
  capture: MyCapture;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const mine = (m: number) => sql`f.manager_id = ${m}`;

async function rateBlock(db: Database, scope: DataScope, filters: Filters, m: number, range: DateRange) {
  const [r] = await queryRows<{ closed: number; won: number; lost: number }>(
    db,
    sql`select count(*)::int as closed, count(*) filter (where f.outcome = 'won')::int as won,
        count(*) filter (where f.outcome = 'lost')::int as lost
      from deal_facts f where ${factsWhere(scope, filters, { basis: "closed", range })} and ${mine(m)}`,
  );
  const { closed = 0, won = 0, lost = 0 } = r ?? {};
  return {
    closed,
    won,
    lost,
    lossRate: ratio(lost, closed),
    lossRateInterval: wilson(lost, closed),
    tooFewToJudge: closed < MIN_CLOSED_TO_JUDGE,
  };
}

/** My lost deals per `key`, and the team median of each manager's share of their losses per `key`. */
async function sharesBy(
  db: Database,
  scope: DataScope,
  team: DataScope,
  filters: Filters,
  m: number,
  key: SQL,
  label: SQL,
): Promise<ShareRow[]> {
  const [own, per] = await Promise.all([
    queryRows<{ k: string | null; label: string | null; n: number }>(
      db,
      sql`select ${key} as k, min(${label}) as label, count(*)::int as n from deal_facts f
        where ${factsWhere(scope, filters, { basis: "loss" })} and ${mine(m)} group by 1`,
    ),
    queryRows<{ k: string | null; label: string | null; manager: number; share: number }>(
      db,
      sql`with per as (select f.manager_id as manager, ${key} as k, min(${label}) as label, count(*) as n
          from deal_facts f where ${factsWhere(team, filters, { basis: "loss" })} and f.manager_id is not null
          group by 1, 2),
        tot as (select manager, sum(n) as t from per group by 1),
        keys as (select k, min(label) as label from per group by 1)
      select keys.k, keys.label, tot.manager, (coalesce(per.n, 0)::float8 / tot.t)::float8 as share
      from keys cross join tot left join per on per.manager = tot.manager and per.k is not distinct from keys.k`,
    ),
  ]);
  const total = own.reduce((a, r) => a + r.n, 0);
  const keys = new Map<string | null, string | null>();
  for (const r of [...own, ...per]) if (!keys.has(r.k) || keys.get(r.k) === null) keys.set(r.k, r.label);
  const rows: ShareRow[] = [...keys].map(([k, l]) => {
    const n = own.find((r) => r.k === k)?.n ?? 0;
    const med = median(per.filter((r) => r.k === k).map((r) => r.share));
    return {
      key: k,
      label: l,
      mine: n,
      mineShare: ratio(n, total),
      teamMedianShare: med === null ? null : round(med, 6),
    };
  });
  return rows.sort(
    (a, b) =>
      b.mine - a.mine ||
      (b.teamMedianShare ?? 0) - (a.teamMedianShare ?? 0) ||
      String(a.key).localeCompare(String(b.key)),
  );
}

export async function getMe(
  db: Database,
  scope: DataScope,
  filters: Filters,
  managerId: number,
): Promise<MeDto | null> {
  if (scope.managerIds !== null && !scope.managerIds.includes(managerId)) return null;
  // The manager filter would only distort the team comparisons; the page is about one manager anyway.
  const f: Filters = { ...filters, managers: [] };
  const team: DataScope = { portalId: scope.portalId, managerIds: null };
  const prevRange = f.range.from && f.range.to ? previousPeriod(f, f.range) : null;
  const stageLabel = stageLabelSql(sql`f.portal_id`, sql`f.lost_at_stage_id`);
  const [user, current, previous, byStage, byReason, lists, peers, capture] = await Promise.all([
    queryRows<{ name: string | null }>(
      db,
      sql`select nullif(trim(concat_ws(' ', name, last_name)), '') as name from b24_users
          where portal_id = ${scope.portalId} and bitrix_id = ${managerId}`,
    ),
    rateBlock(db, scope, f, managerId, f.range),
    prevRange ? rateBlock(db, scope, f, managerId, prevRange) : Promise.resolve(null),
    sharesBy(db, scope, team, f, managerId, sql`f.lost_at_stage_id`, stageLabel),
    sharesBy(db, scope, team, f, managerId, sql`f.reason_key`, sql`f.reason_label`),
    ownLists(db, scope, f, managerId),
    peerProfiles(db, team, f),
    getMyCapture(db, scope, team, f, managerId),
  ]);
  const { peers: peerBlock, teamMedianLossRate } = peersBlock(peers, managerId);
  return {
    managerId,
    name: user[0]?.name ?? null,
    current,
    previous: previous && prevRange ? { ...previous, range: prevRange } : null,
    lossRateChange:
      current.lossRate !== null && previous?.lossRate != null
        ? round(current.lossRate - previous.lossRate, 6)
        : null,
    teamMedianLossRate,
    byStage,
    byReason,
    uncommented: lists.uncommented,
    comments: lists.comments,
    peers: peerBlock,
    capture,
  };
}

/** My lost deals still without a comment (the count and the latest), and my latest comments, linked to Bitrix24. */
async function ownLists(
  db: Database,
  scope: DataScope,
  f: Filters,
  managerId: number,
): Promise<Pick<MeDto, "uncommented" | "comments">> {
  const lost = sql`${factsWhere(scope, f, { basis: "loss" })} and ${mine(managerId)}`;
  const [portal, uncommentedCount, uncommented, comments] = await Promise.all([
    queryRows<{ domain: string }>(db, sql`select domain from portals where id = ${scope.portalId}`),
    queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from deal_facts f
          where ${lost} and not f.has_comment`,
    ),
    queryRows<{
      id: number;
      title: string | null;
      loss_date: Date | string | null;
      amount: number;
      stage: string | null;
      reason: string | null;
    }>(
      db,
      sql`select f.deal_id as id, d.title, f.loss_date, f.amount_base::float8 as amount,
            coalesce(s.name, f.lost_at_stage_id) as stage, f.reason_label as reason
          from deal_facts f
          left join deals d on d.portal_id = f.portal_id and d.bitrix_id = f.deal_id
          left join stages s on s.portal_id = f.portal_id and s.bitrix_id = f.lost_at_stage_id
          where ${lost} and not f.has_comment
          order by f.loss_date desc nulls last, f.deal_id desc limit ${ME_LIST_LIMIT}`,
    ),
    queryRows<{
      key: string;
      id: number;
      title: string | null;
      created_at: Date | string | null;
      text: string;
    }>(
      db,
      sql`select c.source || ':' || c.bitrix_id as key, c.deal_id as id, d.title, c.created_at, c.body_text as text
          from comments c
          join deal_facts f on f.portal_id = c.portal_id and f.deal_id = c.deal_id
          left join deals d on d.portal_id = f.portal_id and d.bitrix_id = f.deal_id
          where ${lost} and trim(c.body_text) <> ''
          order by c.created_at desc nulls last, c.deal_id desc limit ${ME_LIST_LIMIT}`,
    ),
  ]);
  const domain = portal[0]?.domain ?? "";
  const url = (id: number) => `https://${domain}/crm/deal/details/${id}/`;
  return {
    uncommented: {
      total: uncommentedCount[0]?.n ?? 0,
      rows: uncommented.map((r) => ({
        dealId: r.id,
        title: r.title ?? "",
        lossDate: iso(r.loss_date),
        amount: r.amount,
        stage: r.stage,
        reason: r.reason,
        url: url(r.id),
      })),
    },
    comments: comments.map((c) => ({
      id: c.key,
      dealId: c.id,
      title: c.title ?? "",
      createdAt: iso(c.created_at),
      text: c.text,
      url: url(c.id),
    })),
  };
}
