/**
 * Strategies: volume (deals worked) against depth (completed activities per deal) per manager, split at the
 * team medians into four quadrants; per quadrant won deals, win rate, revenue, revenue per deal and — only
 * when a margin is configured — profit; and a verdict saying which strategy paid off and how sure we are, as a
 * key and the figures it quotes (lib/i18n/findings.ts puts it into words).
 */
import { sql } from "drizzle-orm";
import { type Database, queryRows } from "@/db";
import type { PortalSettings } from "@/db/schema";
import { cachedReport } from "@/lib/facts/cache";
import { factsWhere, managerNameSql, periodSql } from "@/lib/facts/where";
import { type Interval, median, ratio, round, twoProportionZTest, wilson } from "@/lib/stats";
import type { Filters } from "@/lib/url-state/filters";
import type { DataScope } from "./scope";

export const QUADRANTS = ["volume", "depth", "both", "neither"] as const;
/** volume = many deals, shallow work; depth = few deals, deep work; both / neither = above / below on both. */
export type Quadrant = (typeof QUADRANTS)[number];

export interface StrategyManager {
  managerId: number;
  name: string | null;
  /** Deals assigned and open at some moment of the period. */
  dealsWorked: number;
  /** Completed activities per deal worked. */
  depth: number;
  closedDeals: number;
  wonDeals: number;
  winRate: number | null;
  revenue: number;
  profit: number | null;
  quadrant: Quadrant;
}

export interface QuadrantSummary {
  quadrant: Quadrant;
  managers: number;
  dealsWorked: number;
  closedDeals: number;
  wonDeals: number;
  winRate: number | null;
  winRateInterval: Interval | null;
  revenue: number;
  /** Revenue per deal worked: what each lead taken on brought. */
  revenuePerDeal: number | null;
  /** null when no margin is set for some won deal's pipeline — profit is never invented. */
  profit: number | null;
}

export interface StrategyVerdict {
  key: "volumePaidOff" | "depthPaidOff" | "tie" | "notEnoughData";
  /** How sure: a two-proportion z-test of the two strategies' win rates. */
  confidence: "significant" | "notSignificant" | "tooFewToJudge" | null;
  z: number | null;
  pValue: number | null;
  /** What the verdict quotes, winner first (depth first when depth paid off); null when there is not enough data. */
  figures: VerdictFigures | null;
}

export interface VerdictFigures {
  /** The portal's base currency the money is in (DESIGN.md: money is always labelled). */
  currency: string;
  revenuePerDeal: [number, number];
  winRate: [number | null, number | null];
  /** The test's p-value unrounded, so "p < 0.001" and "p = 0.004" are written from the exact value. */
  p: number | null;
  /** Closed deals each side needs before a difference is judged. */
  minClosed: number;
}

export interface StrategiesDto {
  medians: { volume: number | null; depth: number | null };
  managers: StrategyManager[];
  quadrants: QuadrantSummary[];
  marginSet: boolean;
  verdict: StrategyVerdict;
}

interface Row {
  manager: number;
  name: string | null;
  worked: number;
  done: number;
  closed: number;
  won: number;
  revenue: number;
  profit: number | null;
  won_no_margin: number;
}

/** Margin percent per pipeline id (per-pipeline setting, else portal-wide), as SQL over `f.pipeline_id`. */
function marginSql(settings: PortalSettings | undefined) {
  const perPipeline = settings?.pipelineMarginPercent ?? {};
  const portalWide = settings?.marginPercent ?? null;
  return sql`coalesce((${JSON.stringify(perPipeline)}::jsonb ->> f.pipeline_id::text)::float8, ${portalWide}::float8)`;
}

export function quadrantOf(volume: number, depth: number, medians: StrategiesDto["medians"]): Quadrant {
  const v = medians.volume !== null && volume > medians.volume;
  const d = medians.depth !== null && depth > medians.depth;
  return v && d ? "both" : v ? "volume" : d ? "depth" : "neither";
}

/** Per manager: deals worked in the period and their work, closed and won among them, revenue and profit. */
async function managerRows(db: Database, scope: DataScope, filters: Filters, settings?: PortalSettings) {
  const marginSet =
    settings?.marginPercent != null || Object.keys(settings?.pipelineMarginPercent ?? {}).length > 0;
  const margin = marginSql(settings);
  const closed = periodSql("closed", filters.range);
  const wonNow = sql`${closed} and f.outcome = 'won'`;
  // With no margin set, profit is never shown: not computed either (a margin lookup and a numeric-to-float cast
  // per won deal, about a third of the query at 1M deals).
  const profitSql = marginSet
    ? sql`coalesce(sum(f.amount_base * ${margin} / 100) filter (where ${wonNow}), 0)::float8 as profit,
          count(*) filter (where ${wonNow} and ${margin} is null)::int as won_no_margin`
    : sql`0::float8 as profit, 0 as won_no_margin`;
  const rows = await queryRows<Row>(
    db,
    sql`with m as (
        select f.manager_id as manager,
          count(*)::int as worked, coalesce(sum(f.completed_activity_count), 0)::int as done,
          count(*) filter (where ${closed})::int as closed, count(*) filter (where ${wonNow})::int as won,
          coalesce(sum(f.amount_base) filter (where ${wonNow}), 0)::float8 as revenue,
          ${profitSql}
        from deal_facts f
        where ${factsWhere(scope, filters, { basis: "worked" })} and f.manager_id is not null
        group by f.manager_id)
      select m.*, ${managerNameSql(sql`m.manager`)} as name
      from m left join b24_users u on u.portal_id = ${scope.portalId} and u.bitrix_id = m.manager
      order by m.manager`,
  );
  return { rows, marginSet };
}

async function computeStrategies(db: Database, scope: DataScope, filters: Filters): Promise<StrategiesDto> {
  const [portal] = await queryRows<{ settings: PortalSettings; currency: string }>(
    db,
    sql`select settings, base_currency as currency from portals where id = ${scope.portalId}`,
  );
  const { rows, marginSet } = await managerRows(db, scope, filters, portal?.settings);
  const medians = {
    volume: median(rows.map((r) => r.worked)),
    depth: median(rows.map((r) => r.done / r.worked)),
  };
  const managers: StrategyManager[] = rows.map((r) => ({
    managerId: r.manager,
    name: r.name,
    dealsWorked: r.worked,
    depth: round(r.done / r.worked, 4),
    closedDeals: r.closed,
    wonDeals: r.won,
    winRate: ratio(r.won, r.closed),
    revenue: round(r.revenue),
    profit: !marginSet || r.won_no_margin > 0 ? null : round(r.profit ?? 0),
    quadrant: quadrantOf(r.worked, r.done / r.worked, medians),
  }));
  const quadrants = QUADRANTS.map((q): QuadrantSummary => {
    const ms = rows.filter((_, i) => managers[i]?.quadrant === q);
    const sum = (pick: (r: Row) => number) => ms.reduce((a, r) => a + pick(r), 0);
    const worked = sum((r) => r.worked);
    const revenue = sum((r) => r.revenue);
    return {
      quadrant: q,
      managers: ms.length,
      dealsWorked: worked,
      closedDeals: sum((r) => r.closed),
      wonDeals: sum((r) => r.won),
      winRate: ratio(
        sum((r) => r.won),
        sum((r) => r.closed),
      ),
      winRateInterval: wilson(
        sum((r) => r.won),
        sum((r) => r.closed),
      ),
      revenue: round(revenue),
      revenuePerDeal: worked === 0 ? null : round(revenue / worked),
      profit: !marginSet || sum((r) => r.won_no_margin) > 0 ? null : round(sum((r) => r.profit ?? 0)),
    };
  });
  return {
    medians: {
      volume: medians.volume,
      depth: medians.depth === null ? null : round(medians.depth, 4),
    },
    managers,
    quadrants,
    marginSet,
    verdict: verdictFor(quadrants, portal?.currency ?? "RUB"),
  };
}

const MIN_CLOSED = 10;

/** The verdict as a key, how sure, and the figures it quotes; money in the portal's base currency. */
export function verdictFor(quadrants: QuadrantSummary[], currency = "RUB"): StrategyVerdict {
  const v = quadrants.find((q) => q.quadrant === "volume");
  const d = quadrants.find((q) => q.quadrant === "depth");
  if (
    !v ||
    !d ||
    v.closedDeals === 0 ||
    d.closedDeals === 0 ||
    v.revenuePerDeal === null ||
    d.revenuePerDeal === null
  )
    return {
      key: "notEnoughData",
      confidence: null,
      z: null,
      pValue: null,
      figures: null,
    };
  const test = twoProportionZTest(v.wonDeals, v.closedDeals, d.wonDeals, d.closedDeals);
  const confidence =
    Math.min(v.closedDeals, d.closedDeals) < MIN_CLOSED
      ? "tooFewToJudge"
      : test && test.p < 0.05
        ? "significant"
        : "notSignificant";
  const key =
    v.revenuePerDeal > d.revenuePerDeal
      ? "volumePaidOff"
      : v.revenuePerDeal < d.revenuePerDeal
        ? "depthPaidOff"
        : "tie";
  // Figures read winner first: "depth paid off (x per deal vs y)".
  const depthFirst = key === "depthPaidOff";
  return {
    key,
    confidence,
    z: test ? round(test.z, 4) : null,
    pValue: test ? round(test.p, 4) : null,
    figures: {
      currency,
      revenuePerDeal: depthFirst
        ? [d.revenuePerDeal, v.revenuePerDeal]
        : [v.revenuePerDeal, d.revenuePerDeal],
      winRate: depthFirst ? [d.winRate, v.winRate] : [v.winRate, d.winRate],
      p: test ? test.p : null,
      minClosed: MIN_CLOSED,
    },
  };
}

/** The report, cached per facts version (lib/facts/cache.ts): the same result as a fresh computation. */
export const getStrategies = cachedReport("strategies", computeStrategies, { shared: true });
