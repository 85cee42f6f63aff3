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
import { getDefaultPipelineId } from "./lookups";
import type { DataScope } from "./scope";
import { factsWhere } from "./where";

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

export async function getStages(
  db: Database,
  scope: DataScope,
  filters: Filters,
  options: { pipelineId?: number } = {},
): Promise<StagesDto> {
  const p = scope.portalId;
  const pipelineId = options.pipelineId ?? filters.pipeline ?? (await getDefaultPipelineId(db, p));
  const pop = sql`select f.* from deal_facts f
    where ${factsWhere(scope, filters, { basis: "closed" })} and f.pipeline_id = ${pipelineId}`;
  // Highest process/success stage each deal stood in, as one join over spans (a correlated subquery per deal
  // is ~5× slower at 100k deals). A closed deal's current stage adds nothing: success = won = every stage,
  // failure is never "later".
  const reach = sql`select sp.deal_id, max(s.sort) as max_sort
    from deal_stage_spans sp join pop on pop.deal_id = sp.deal_id
    join stages s on s.portal_id = sp.portal_id and s.bitrix_id = sp.stage_id
    where sp.portal_id = ${p} and sp.pipeline_id = ${pipelineId} and s.pipeline_id = ${pipelineId}
      and s.semantics in ('P', 'S')
    group by sp.deal_id`;
  const [stageList, pipeline, counts, spans, totals, matrix] = await Promise.all([
    queryRows<{ id: string; name: string; sort: number }>(
      db,
      sql`select bitrix_id as id, name, sort from stages
        where portal_id = ${p} and pipeline_id = ${pipelineId} and semantics = 'P' order by sort, bitrix_id`,
    ),
    queryRows<{ name: string }>(
      db,
      sql`select name from pipelines where portal_id = ${p} and bitrix_id = ${pipelineId}`,
    ),
    queryRows<{ id: string; reached: number; lost: number; money: number }>(
      db,
      sql`with pop as materialized (${pop}), reach as (${reach}),
        hist as materialized (select case when pop.outcome = 'won' then 2147483647 else reach.max_sort end as max_sort,
            count(*)::int as n
          from pop left join reach on reach.deal_id = pop.deal_id group by 1),
        lost as (select lost_at_stage_id as id, count(*)::int as n, sum(amount_base)::float8 as money
          from pop where outcome = 'lost' and lost_at_stage_id is not null group by 1)
      select s.bitrix_id as id,
        (select coalesce(sum(h.n), 0)::int from hist h where h.max_sort >= s.sort) as reached,
        coalesce(l.n, 0) as lost, coalesce(l.money, 0)::float8 as money
      from stages s left join lost l on l.id = s.bitrix_id
      where s.portal_id = ${p} and s.pipeline_id = ${pipelineId} and s.semantics = 'P'`,
    ),
    queryRows<{ id: string; before_loss: number | null; lost_at: number | null }>(
      db,
      sql`with pop as (${pop}),
        per_deal as (
          select sp.deal_id, sp.stage_id, max(pop.lost_at_stage_id) as lost_at_stage_id,
            sum(extract(epoch from sp.left_at - sp.entered_at)) / 86400 as days
          from deal_stage_spans sp join pop on pop.deal_id = sp.deal_id
          where sp.portal_id = ${p} and pop.outcome = 'lost' and sp.pipeline_id = ${pipelineId} and sp.left_at is not null
          group by 1, 2)
      select stage_id as id, percentile_cont(0.5) within group (order by days)::float8 as before_loss,
        (percentile_cont(0.5) within group (order by days) filter (where lost_at_stage_id = stage_id))::float8 as lost_at
      from per_deal group by 1`,
    ),
    queryRows<{
      closed: number;
      won: number;
      lost: number;
      money: number;
      unknown: number;
      unknown_money: number;
    }>(
      db,
      sql`with pop as (${pop}) select count(*)::int as closed,
          count(*) filter (where outcome = 'won')::int as won, count(*) filter (where outcome = 'lost')::int as lost,
          coalesce(sum(amount_base) filter (where outcome = 'lost'), 0)::float8 as money,
          count(*) filter (where outcome = 'lost' and lost_at_stage_id is null)::int as unknown,
          coalesce(sum(amount_base) filter (where outcome = 'lost' and lost_at_stage_id is null), 0)::float8 as unknown_money
        from pop`,
    ),
    queryRows<{
      reason: string | null;
      label: string | null;
      stage: string | null;
      n: number;
      money: number;
    }>(
      db,
      sql`with pop as (${pop}) select reason_key as reason, min(reason_label) as label, lost_at_stage_id as stage,
          count(*)::int as n, coalesce(sum(amount_base), 0)::float8 as money
        from pop where outcome = 'lost' group by reason_key, lost_at_stage_id`,
    ),
  ]);
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
