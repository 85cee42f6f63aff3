/**
 * Stages: per pipeline, per process stage in sort order — reached, lost at, loss share (of the pipeline's
 * losses and of all losses in view), drop-off rate, conversion to the next stage, time in stage before the
 * loss, and the open deals standing in it now — plus the "unknown stage" losses and the reason × stage matrix.
 * With no pipeline chosen the view holds every pipeline with deals, never a silent subset (issue 13 item 4).
 * The funnel counts the deals of the pipeline closed (won or lost) in the period: open deals have not finished
 * the funnel yet (docs/metrics.md); "open now" sits beside it, not filtered by the period (DESIGN.md §3).
 */
import { type SQL, sql } from "drizzle-orm";
import { type Database, queryRows } from "@/db";
import { cachedReport } from "@/lib/facts/cache";
import {
  type FactsSource,
  monthlyUsable,
  preaggregatesEnabled,
  sourceFor,
  sourceWhere,
} from "@/lib/facts/monthly-read";
import { dimensionsSql, factsWhere, intArray, queryRowsLarge, scopeSql, textArray } from "@/lib/facts/where";
import { round } from "@/lib/stats";
import type { Filters } from "@/lib/url-state/filters";
import type { DataScope } from "./scope";
import { type LostRow, type PipelineCounts, pipelineDto, type StageDef, type StagesView } from "./stages-dto";

export type { FunnelStep, MatrixCell, StageRow, StagesDto, StagesView, Totals } from "./stages-dto";

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

type ShapeRow = { pipeline: number; closed: number; won: number; reached: number[] };
type SpanRow = { pipeline: number; id: string; before_loss: number | null; lost_at: number | null };

/**
 * Median days in each stage of the lost deals in `where`: all stages before the loss, and the stage lost at.
 * The base reads the spans stored on deal_facts, for every stage. The accelerated variant answers only the
 * process stages the report shows (`process`), each from deal_facts_stage_days — which carries every column the
 * conditions test and holds lost deals' closed spans only — in its own lateral query, so a stage's values of the
 * period are one range of the table's index (pipeline, stage, close date, …) read alone: a 90-day view reads its
 * 90 days, not every value of every stage, and nothing is sorted but each stage's own days. A stage with no
 * value yields nulls, as an absent row does.
 */
const spanMedians = {
  base: (where: SQL, _process: StageDef[]) => sql`select f.pipeline_id as pipeline, x.id,
          percentile_cont(0.5) within group (order by x.days)::float8 as before_loss,
          (percentile_cont(0.5) within group (order by x.days) filter (where x.id = f.lost_at_stage_id))::float8 as lost_at
        from deal_facts f cross join lateral unnest(f.span_stage_ids, f.span_stage_days) as x(id, days)
        where ${where} and f.outcome = 'lost' and x.days is not null
        group by f.pipeline_id, x.id`,
  stageDays: (where: SQL, process: StageDef[]) => sql`select s.pipeline, s.id, m.before_loss, m.lost_at
        from unnest(${intArray(process.map((x) => x.pipeline))}::int[], ${textArray(process.map((x) => x.id))}::text[])
          as s(pipeline, id)
        cross join lateral (
          select percentile_cont(0.5) within group (order by f.days)::float8 as before_loss,
            (percentile_cont(0.5) within group (order by f.days) filter (where f.stage_id = f.lost_at_stage_id))::float8 as lost_at
          from deal_facts_stage_days f
          where f.pipeline_id = s.pipeline and f.stage_id = s.id and ${where}) m`,
};

/** The process and success stages (of one pipeline, or all) in sort order, and the portal's pipelines. */
async function stageDefs(db: Database, portalId: number, only: number | null) {
  const onlyStages = only === null ? sql`true` : sql`pipeline_id = ${only}`;
  const [stageRows, pipelineRows] = await Promise.all([
    queryRows<StageDef>(
      db,
      sql`select pipeline_id as pipeline, bitrix_id as id, name, sort, semantics from stages
        where portal_id = ${portalId} and ${onlyStages} and semantics in ('P', 'S') order by pipeline_id, sort, bitrix_id`,
    ),
    queryRows<{ id: number; name: string }>(
      db,
      sql`select bitrix_id as id, name from pipelines
        where portal_id = ${portalId} and ${only === null ? sql`true` : sql`bitrix_id = ${only}`} order by sort, bitrix_id`,
    ),
  ]);
  return { stageRows, pipelineRows };
}

/**
 * Per pipeline: closed, won, and per process stage the deals that reached it — won (every stage), or stood in
 * it or a later process/success stage. Stage ids are unique within a portal, so one array of every pipeline's
 * stages serves all pipelines at once.
 */
function shapeSql(src: FactsSource, where: SQL, stageRows: StageDef[], process: StageDef[]): SQL {
  const reachedSql = process.map((s) => {
    const later = stageRows.filter((x) => x.pipeline === s.pipeline && x.sort >= s.sort).map((x) => x.id);
    return sql`(${src.count(
      sql`f.pipeline_id = ${s.pipeline} and (f.outcome = 'won' or f.span_stage_ids && ${textArray(later)}::text[])`,
    )})::int`;
  });
  return sql`select f.pipeline_id as pipeline, (${src.count()})::int as closed, (${src.count(sql`f.outcome = 'won'`)})::int as won,
          array[${sql.join(reachedSql, sql`, `)}]::int[] as reached
        from ${src.table} where ${where} group by f.pipeline_id`;
}

/** Lost deals by pipeline × reason × stage (g = 0), pipeline × stage (g = 2), pipeline (g = 3), with exact sums. */
const lostSql = (src: FactsSource, where: SQL) =>
  sql`select grouping(f.pipeline_id, f.reason_key, f.lost_at_stage_id)::int as g, f.pipeline_id as pipeline,
          f.reason_key as reason, min(f.reason_label) as label, f.lost_at_stage_id as stage,
          (${src.count()})::int as n, coalesce(${src.money()}, 0)::float8 as money
        from ${src.table} where ${where} and f.outcome = 'lost'
        group by grouping sets ((f.pipeline_id, f.reason_key, f.lost_at_stage_id), (f.pipeline_id, f.lost_at_stage_id),
          (f.pipeline_id))`;

async function computeStages(
  db: Database,
  scope: DataScope,
  filters: Filters,
  options: { pipelineId?: number } = {},
): Promise<StagesView> {
  const only = options.pipelineId ?? filters.pipeline;
  const onlySql = only === null ? sql`true` : sql`f.pipeline_id = ${only}`;
  // Where the report reads, chosen once: counts and sums from the monthly aggregate when it answers exactly
  // (lib/facts/monthly-read.ts), else deal_facts; the medians from deal_facts_stage_days unless pre-aggregates
  // are off. The funnel population: deals closed in the period, per pipeline.
  const src = sourceFor(await monthlyUsable(db, scope, filters), filters, filters.range, scope);
  const medians = preaggregatesEnabled() ? spanMedians.stageDays : spanMedians.base;
  const popWhere = sql`${factsWhere(scope, filters, { basis: "closed" })} and ${onlySql}`;
  const srcWhere = sql`${sourceWhere(src, scope, filters, "closed")} and ${onlySql}`;
  const { stageRows, pipelineRows } = await stageDefs(db, scope.portalId, only);
  const process = stageRows.filter((s) => s.semantics === "P");
  const [shape, lostRows, spans, open] = await Promise.all([
    queryRows<ShapeRow>(db, shapeSql(src, srcWhere, stageRows, process)),
    queryRows<LostRow>(db, lostSql(src, srcWhere)),
    queryRowsLarge<SpanRow>(db, medians(popWhere, process)),
    // Open now: every filter and the scope, but not the period — the live pipeline beside the closed cohort.
    queryRows<{ pipeline: number; stage: string; n: number }>(
      db,
      sql`select f.pipeline_id as pipeline, f.stage_id as stage, count(*)::int as n from deal_facts f
        where ${scopeSql(scope)} and ${dimensionsSql(filters)} and ${onlySql} and f.outcome = 'open'
        group by f.pipeline_id, f.stage_id`,
    ),
  ]);
  // Which pipelines: the chosen one (even empty), else every pipeline with a closed or open deal in view, in the
  // portal's order, then any pipeline id the deals carry that the portal no longer lists.
  const withDeals = new Set([...shape.map((r) => r.pipeline), ...open.map((r) => r.pipeline)]);
  const named = new Map(pipelineRows.map((r) => [r.id, r.name]));
  const ids =
    only !== null
      ? [only]
      : [
          ...pipelineRows.filter((r) => withDeals.has(r.id)).map((r) => r.id),
          ...[...withDeals].filter((id) => !named.has(id)).sort((a, b) => a - b),
        ];
  const counts: PipelineCounts[] = ids.map((id) => {
    const sh = shape.find((r) => r.pipeline === id);
    return {
      id,
      name: named.get(id) ?? null,
      stageRows: stageRows.filter((s) => s.pipeline === id),
      closed: sh?.closed ?? 0,
      won: sh?.won ?? 0,
      reached: new Map(process.map((s, i) => [s.id, sh?.reached[i] ?? 0])),
      lost: lostRows.filter((r) => r.pipeline === id),
      spans: new Map(spans.filter((s) => s.pipeline === id).map((s) => [s.id, s])),
      open: new Map(open.filter((r) => r.pipeline === id).map((r) => [r.stage, r.n])),
    };
  });
  return stagesView(
    only,
    counts,
    lostRows,
    pipelineRows.filter((r) => !withDeals.has(r.id)),
  );
}

/** The view from each pipeline's counts: totals across pipelines, and the pipelines with no deal in view. */
function stagesView(
  only: number | null,
  counts: PipelineCounts[],
  lostRows: LostRow[],
  empty: { id: number; name: string }[],
): StagesView {
  // Added in pipeline order, whatever order the rows came in: a float sum depends on its order, and the same
  // figures must come out of every plan and source (the equality tests and bench:reports --verify compare them).
  const perPipeline = lostRows.filter((r) => r.g === 3).sort((a, b) => (a.pipeline ?? 0) - (b.pipeline ?? 0));
  const whole = {
    lost: perPipeline.reduce((a, r) => a + r.n, 0),
    money: perPipeline.reduce((a, r) => a + r.money, 0),
  };
  const pipelines = counts.map((c) => pipelineDto(c, whole));
  return {
    allPipelines: only === null,
    totals: {
      closedDeals: pipelines.reduce((a, x) => a + x.totals.closedDeals, 0),
      wonDeals: pipelines.reduce((a, x) => a + x.totals.wonDeals, 0),
      lostDeals: whole.lost,
      lostMoney: round(whole.money),
    },
    pipelines,
    emptyPipelines: only === null ? empty.map((r) => ({ pipelineId: r.id, name: r.name })) : [],
  };
}

/**
 * The report, cached per facts version (lib/facts/cache.ts): the same result as a fresh computation. One
 * pipeline when the filters (or `options.pipelineId`) choose one, else every pipeline.
 */
export const getStages = cachedReport("stages", computeStages, { shared: true });
