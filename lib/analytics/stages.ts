/**
 * Stages: for one pipeline, per process stage in sort order — reached, lost at, loss share in deals and
 * money, drop-off rate, conversion to the next stage, time in stage before the loss — plus the "unknown
 * stage" losses and the reason × stage matrix. The funnel counts the deals of the pipeline closed (won or
 * lost) in the period: open deals have not finished the funnel yet (docs/metrics.md).
 */
import { type SQL, sql } from "drizzle-orm";
import { type Database, queryRows } from "@/db";
import type { Filters } from "@/lib/filters";
import { ratio, round } from "@/lib/stats";
import { cachedReport } from "./cache";
import { getDefaultPipelineId } from "./lookups";
import { monthlyUsable, preaggregatesEnabled, sourceFor, sourceWhere } from "./monthly";
import type { DataScope } from "./scope";
import { factsWhere, queryRowsLarge, textArray } from "./where";

/** A funnel step in umami's shape (`count` = reached; `dropped`/`dropoff` against the previous step). */
export interface FunnelStep {
  count: number;
  previous: number | null;
  dropped: number | null;
  dropoff: number | null;
}

export interface StageRow extends FunnelStep {
  stageId: string;
  name: string;
  sort: number;
  /** Deals that stood in this stage or a later one (success included) — DESIGN.md "reached stage S". */
  reached: number;
  lostAt: number;
  lostMoney: number;
  /** lost at S / all lost, in deals and in money. */
  lossShare: number | null;
  lossShareMoney: number | null;
  /** DESIGN.md drop-off rate: lost at S / reached S. */
  dropOffRate: number | null;
  /** reached next / reached S; the last process stage converts to won. */
  conversionToNext: number | null;
  /** Median days lost deals spent in this stage (all lost deals that stood in it). */
  medianDaysBeforeLoss: number | null;
  /** Median days the deals lost at this stage spent in it before the loss. */
  medianDaysLostAt: number | null;
}

export interface MatrixCell {
  /** null = not specified. */
  reasonKey: string | null;
  /** null = unknown stage. */
  stageId: string | null;
  lostDeals: number;
  lostMoney: number;
}

export interface StagesDto {
  pipelineId: number;
  pipelineName: string | null;
  totals: { closedDeals: number; wonDeals: number; lostDeals: number; lostMoney: number };
  stages: StageRow[];
  /** The success step after the last process stage. */
  won: FunnelStep;
  unknown: { lostAt: number; lostMoney: number; lossShare: number | null; lossShareMoney: number | null };
  matrix: {
    reasons: { reasonKey: string | null; label: string; lostDeals: number }[];
    stages: { stageId: string | null; name: string }[];
    cells: MatrixCell[];
  };
}

/** Highest sort a deal reached in pipeline `p` (spans + current stage, process or success); won = every stage. */
export function reachedSortSql(portalId: number, pipelineId: number): SQL {
  return sql`case when f.outcome = 'won' then 2147483647 else (
    select max(s.sort) from (
      select sp.stage_id from deal_stage_spans sp
      where sp.portal_id = f.portal_id and sp.deal_id = f.deal_id and sp.pipeline_id = ${pipelineId}
      union all select f.stage_id
    ) x join stages s on s.portal_id = ${portalId} and s.bitrix_id = x.stage_id
      and s.pipeline_id = ${pipelineId} and s.semantics in ('P', 'S')
  ) end`;
}

const step = (count: number, previous: number | null): FunnelStep => ({
  count,
  previous,
  dropped: previous === null ? null : previous - count,
  dropoff: previous === null ? null : ratio(previous - count, previous),
});

async function computeStages(
  db: Database,
  scope: DataScope,
  filters: Filters,
  options: { pipelineId?: number } = {},
): Promise<StagesDto> {
  const p = scope.portalId;
  const pipelineId = options.pipelineId ?? filters.pipeline ?? (await getDefaultPipelineId(db, p));
  // The funnel population: deals of the pipeline closed in the period. The stages a deal stood in (and the days
  // in each) are precomputed per deal by deriveFacts from the spans. Counts and sums read the monthly aggregate
  // when it answers exactly (lib/analytics/monthly.ts), else deal_facts; the medians read the lost deals' stage
  // days (deal_facts_stage_days) in their index's order.
  const popWhere = sql`${factsWhere(scope, filters, { basis: "closed" })} and f.pipeline_id = ${pipelineId}`;
  const src = sourceFor(await monthlyUsable(db, scope, filters), filters, filters.range);
  const srcWhere = sql`${sourceWhere(src, scope, filters, "closed")} and f.pipeline_id = ${pipelineId}`;
  const [stageRows, pipeline] = await Promise.all([
    queryRows<{ id: string; name: string; sort: number; semantics: string }>(
      db,
      sql`select bitrix_id as id, name, sort, semantics from stages
        where portal_id = ${p} and pipeline_id = ${pipelineId} and semantics in ('P', 'S') order by sort, bitrix_id`,
    ),
    queryRows<{ name: string }>(
      db,
      sql`select name from pipelines where portal_id = ${p} and bitrix_id = ${pipelineId}`,
    ),
  ]);
  const stageList = stageRows.filter((s) => s.semantics === "P");
  // Reached S: won (every stage), or stood in S or a later process/success stage of the pipeline.
  const reachedSql = stageList.map((s) => {
    const later = stageRows.filter((x) => x.sort >= s.sort).map((x) => x.id);
    return sql`(${src.count(sql`f.outcome = 'won' or f.span_stage_ids && ${textArray(later)}::text[]`)})::int`;
  });
  const [shape, lostRows, spans] = await Promise.all([
    queryRows<{ closed: number; won: number; reached: number[] }>(
      db,
      sql`select (${src.count()})::int as closed, (${src.count(sql`f.outcome = 'won'`)})::int as won,
          array[${sql.join(reachedSql, sql`, `)}]::int[] as reached
        from ${src.table} where ${srcWhere}`,
    ),
    // Lost deals by reason × stage (g = 0), by stage (g = 2) and in all (g = 3), with exact money sums.
    queryRows<{
      g: number;
      reason: string | null;
      label: string | null;
      stage: string | null;
      n: number;
      money: number;
    }>(
      db,
      sql`select grouping(f.reason_key, f.lost_at_stage_id)::int as g, f.reason_key as reason,
          min(f.reason_label) as label, f.lost_at_stage_id as stage,
          (${src.count()})::int as n, coalesce(${src.money()}, 0)::float8 as money
        from ${src.table} where ${srcWhere} and f.outcome = 'lost'
        group by grouping sets ((f.reason_key, f.lost_at_stage_id), (f.lost_at_stage_id), ())`,
    ),
    // deal_facts_stage_days carries every column popWhere tests; it holds lost deals' closed spans only. The base
    // path unnests the same spans from deal_facts.
    queryRowsLarge<{ id: string; before_loss: number | null; lost_at: number | null }>(
      db,
      preaggregatesEnabled()
        ? sql`select f.stage_id as id, percentile_cont(0.5) within group (order by f.days)::float8 as before_loss,
          (percentile_cont(0.5) within group (order by f.days) filter (where f.stage_id = f.lost_at_stage_id))::float8 as lost_at
        from deal_facts_stage_days f
        where ${popWhere}
        group by f.stage_id`
        : sql`select x.id, percentile_cont(0.5) within group (order by x.days)::float8 as before_loss,
          (percentile_cont(0.5) within group (order by x.days) filter (where x.id = f.lost_at_stage_id))::float8 as lost_at
        from deal_facts f cross join lateral unnest(f.span_stage_ids, f.span_stage_days) as x(id, days)
        where ${popWhere} and f.outcome = 'lost' and x.days is not null
        group by x.id`,
    ),
  ]);
  const all = lostRows.find((r) => r.g === 3);
  const unknownRow = lostRows.find((r) => r.g === 2 && r.stage === null);
  const totals = [
    {
      closed: shape[0]?.closed ?? 0,
      won: shape[0]?.won ?? 0,
      lost: all?.n ?? 0,
      money: all?.money ?? 0,
      unknown: unknownRow?.n ?? 0,
      unknown_money: unknownRow?.money ?? 0,
    },
  ];
  const lostByStage = new Map(lostRows.filter((r) => r.g === 2 && r.stage !== null).map((r) => [r.stage, r]));
  const counts = stageList.map((s, i) => ({
    id: s.id,
    reached: shape[0]?.reached[i] ?? 0,
    lost: lostByStage.get(s.id)?.n ?? 0,
    money: lostByStage.get(s.id)?.money ?? 0,
  }));
  const matrix = lostRows.filter((r) => r.g === 0);
  const t = totals[0] ?? { closed: 0, won: 0, lost: 0, money: 0, unknown: 0, unknown_money: 0 };
  const byId = new Map(counts.map((c) => [c.id, c]));
  const spanById = new Map(spans.map((s) => [s.id, s]));
  const stages: StageRow[] = stageList.map((s, i) => {
    const c = byId.get(s.id) ?? { reached: 0, lost: 0, money: 0 };
    const prev = i === 0 ? null : (byId.get(stageList[i - 1]?.id as string)?.reached ?? 0);
    const next = i + 1 < stageList.length ? (byId.get(stageList[i + 1]?.id as string)?.reached ?? 0) : t.won;
    const sp = spanById.get(s.id);
    return {
      stageId: s.id,
      name: s.name,
      sort: s.sort,
      ...step(c.reached, prev),
      reached: c.reached,
      lostAt: c.lost,
      lostMoney: round(c.money),
      lossShare: ratio(c.lost, t.lost),
      lossShareMoney: ratio(c.money, t.money),
      dropOffRate: ratio(c.lost, c.reached),
      conversionToNext: ratio(next, c.reached),
      medianDaysBeforeLoss: sp?.before_loss == null ? null : round(sp.before_loss, 2),
      medianDaysLostAt: sp?.lost_at == null ? null : round(sp.lost_at, 2),
    };
  });
  const reasonTotals = new Map<string | null, { label: string; n: number }>();
  for (const m of matrix) {
    const r = reasonTotals.get(m.reason) ?? { label: m.label ?? m.reason ?? "", n: 0 };
    r.n += m.n;
    reasonTotals.set(m.reason, r);
  }
  const matrixStages = [
    ...stageList.map((s) => ({ stageId: s.id as string | null, name: s.name })),
    { stageId: null, name: "" },
  ];
  return {
    pipelineId,
    pipelineName: pipeline[0]?.name ?? null,
    totals: { closedDeals: t.closed, wonDeals: t.won, lostDeals: t.lost, lostMoney: round(t.money) },
    stages,
    won: step(t.won, stages.at(-1)?.reached ?? null),
    unknown: {
      lostAt: t.unknown,
      lostMoney: round(t.unknown_money),
      lossShare: ratio(t.unknown, t.lost),
      lossShareMoney: ratio(t.unknown_money, t.money),
    },
    matrix: {
      reasons: [...reasonTotals]
        .map(([reasonKey, r]) => ({ reasonKey, label: r.label, lostDeals: r.n }))
        .sort((a, b) => b.lostDeals - a.lostDeals || String(a.reasonKey).localeCompare(String(b.reasonKey))),
      stages: matrixStages.filter((s) => s.stageId !== null || t.unknown > 0),
      cells: matrix
        .map((m) => ({ reasonKey: m.reason, stageId: m.stage, lostDeals: m.n, lostMoney: round(m.money) }))
        .sort(
          (a, b) =>
            String(a.reasonKey).localeCompare(String(b.reasonKey)) ||
            String(a.stageId).localeCompare(String(b.stageId)),
        ),
    },
  };
}

/** The report, cached per facts version (lib/analytics/cache.ts): the same result as a fresh computation. */
export const getStages = cachedReport("stages", computeStages);
