/**
 * deal_facts (db/schema/facts.ts) from deals + stage history + activities + comments + settings, per DESIGN.md §3
 * and docs/metrics.md: one insert … on conflict per run, for all deals of a portal or for a set of changed deals.
 * The statement is composed of named parts: the run's inputs, each deal's base values, the stored columns.
 */
import { type SQL, sql } from "drizzle-orm";
import { type DbOrTx, intArray, queryRows } from "@/db";
import { instantOfLocalSql } from "./local-month";
import { factMonthKeySql } from "./monthly";
import type { FactsOptions } from "./options";
import { sameNamedSql, stageReasonLabel } from "./relabel";

/** One derive's statement: the portal, its deals (null: all), its settings and offset; `full` when all. */
export interface FactsRun {
  portalId: number;
  /** The run's deal ids as an int[] literal, or null for every deal of the portal. */
  ids: string | null;
  opts: FactsOptions;
  /** The portal's offset in minutes: a CLOSEDATE is a calendar date starting at local midnight. */
  mins: number;
}

export const runOf = (
  portalId: number,
  dealIds: number[] | null,
  opts: FactsOptions,
  mins: number,
): FactsRun => ({
  portalId,
  ids: dealIds === null ? null : intArray(dealIds),
  opts,
  mins,
});

/** The run's deals, on a column naming a deal id. */
const inRun = (run: FactsRun, column: string) =>
  run.ids === null ? sql`true` : sql`${sql.raw(column)} = any(${run.ids}::int[])`;

/** Columns derived for every deal (portal_id, deal_id and computed_at aside). */
// biome-ignore format: a column list
const DERIVED = [
  "outcome", "pipeline_id", "stage_id", "manager_id", "department_id", "source_id", "created_at", "closed_at",
  "loss_date", "lost_at_stage_id", "reason_key", "reason_label", "raw_reason_key", "raw_reason_label", "amount_base", "amount_missing", "client_key",
  "cycle_days", "activity_count", "completed_activity_count", "first_activity_at", "last_activity_at",
  "span_stage_ids", "span_stage_days", "has_comment",
];

/** Client-level columns: a full run writes them with the facts, a partial one in client-flags.ts. */
const CLIENT = ["is_returning_client", "had_prior_win", "client_first_at", "client_last_at"];

const list = (cols: string[], prefix = "") => sql.raw(cols.map((c) => `${prefix}${c}`).join(", "));

/** The option of the reason field a deal holds (its first, for a multiple field), else null. */
const optionIdSql = (field: string) => sql`nullif(nullif(case jsonb_typeof(d.raw -> ${field}::text)
            when 'array' then d.raw -> ${field}::text ->> 0
            else d.raw ->> ${field}::text end, ''), '0')`;

/** The run's inputs as CTEs: its deals, their history and lost-at stage, activities, stage spans, comments. */
function inputsSql(run: FactsRun): SQL {
  const p = run.portalId;
  return sql`d as (
        select d.portal_id, d.bitrix_id, d.pipeline_id, d.stage_id, d.assigned_by_id, d.source_id, d.date_create,
          d.close_date, d.date_modify, d.opportunity, d.opportunity_account, d.account_currency_id, d.currency_id,
          d.company_id, d.contact_id, coalesce(s.semantics, d.stage_semantic) as sem,
          ${optionIdSql(run.opts.reasonField ?? "")} as option_id
        from deals d
        left join stages s on s.portal_id = d.portal_id and s.bitrix_id = d.stage_id
        where d.portal_id = ${p} and ${inRun(run, "d.bitrix_id")}
        -- A fence: the option is read here, so the raw json is not carried through the joins and sorts above.
        offset 0
      ),
      hist as (
        -- One pass over the history (a sort, not an index walk of it): each deal's last move into failure and into
        -- success, and the stage it was lost at — the last process stage of its final pipeline before that failure.
        select h.deal_id,
          max(h.created_time) filter (where h.bitrix_id = h.last_f) as last_f_time,
          max(h.created_time) filter (where h.bitrix_id = h.last_s) as last_s_time,
          (array_agg(h.stage_id order by h.bitrix_id desc)
            filter (where h.stage_semantic = 'P' and h.bitrix_id < h.last_f and h.final_pipeline))[1] as lost_at_stage_id
        from (
          select h.deal_id, h.bitrix_id, h.stage_id, h.stage_semantic, h.created_time,
            h.pipeline_id = x.pipeline_id as final_pipeline,
            max(h.bitrix_id) filter (where h.stage_semantic = 'F') over w as last_f,
            max(h.bitrix_id) filter (where h.stage_semantic = 'S') over w as last_s
          from stage_history h
          left join deals x on x.portal_id = h.portal_id and x.bitrix_id = h.deal_id
          where h.portal_id = ${p} and ${inRun(run, "h.deal_id")}
          window w as (partition by h.deal_id)
        ) h
        group by h.deal_id
      ),
      acts as (
        select a.owner_id as deal_id, count(*)::int as n, (count(*) filter (where a.completed))::int as done,
          min(coalesce(a.start_time, a.created)) as first_at, max(coalesce(a.end_time, a.start_time, a.created)) as last_at
        from activities a
        where a.portal_id = ${p} and a.owner_type_id = 2 and ${inRun(run, "a.owner_id")}
        group by a.owner_id
      ),
      spans as (
        -- Per stage of each pipeline the deal stood in, in order of first entry: days spent in it (closed spans);
        -- the join below takes the deal's final pipeline, so the spans are not joined to the deals here.
        select x.deal_id, x.pipeline_id, array_agg(x.stage_id order by x.first_seq) as ids,
          array_agg(x.days order by x.first_seq) as days
        from (
          select sp.deal_id, sp.pipeline_id, sp.stage_id, min(sp.seq) as first_seq,
            (sum(extract(epoch from sp.left_at - sp.entered_at)) / 86400)::float8 as days
          from deal_stage_spans sp
          where sp.portal_id = ${p} and ${inRun(run, "sp.deal_id")}
          group by 1, 2, 3
        ) x
        group by x.deal_id, x.pipeline_id
      ),
      same_named as (${sameNamedSql(p, run.opts)}),
      commented as (
        select distinct c.deal_id from comments c where c.portal_id = ${p} and ${inRun(run, "c.deal_id")}
      )`;
}

/** Each deal's values before the reason and client rules: outcome, close, amount in base currency, client. */
function baseSql(run: FactsRun): SQL {
  const field = run.opts.reasonField ?? "";
  const cur = run.opts.baseCurrency;
  return sql`select d.portal_id, d.bitrix_id as deal_id,
          case d.sem when 'S' then 'won' when 'F' then 'lost' else 'open' end as outcome,
          d.pipeline_id, d.stage_id, d.assigned_by_id as manager_id,
          u.department_ids[1] as department_id,
          d.source_id, d.date_create as created_at,
          case when d.sem in ('S', 'F') then coalesce(
            case d.sem when 'F' then hist.last_f_time else hist.last_s_time end,
            ${instantOfLocalSql(sql`d.close_date::timestamp`, run.mins)},
            d.date_modify) end as closed_at,
          hist.lost_at_stage_id,
          d.option_id,
          -- A failure stage named like another reason (a failure stage of another pipeline, an option of the
          -- reason field) is told apart by its pipeline: "Дорого · Продажи" (docs/metrics.md).
          ${stageReasonLabel("fs", "pl")} as stage_name,
          ro.value as option_label,
          coalesce(
            case when d.opportunity_account is not null and coalesce(d.account_currency_id, ${cur}) = ${cur}
              then d.opportunity_account end,
            d.opportunity * coalesce(cur.amount / nullif(cur.amount_cnt, 0), case when coalesce(d.currency_id, ${cur}) = ${cur} then 1 end),
            0) as amount_base,
          coalesce(d.opportunity, 0) = 0 as amount_missing,
          case when d.company_id is not null then 'company:' || d.company_id
               when d.contact_id is not null then 'contact:' || d.contact_id end as client_key,
          coalesce(a.n, 0) as activity_count, coalesce(a.done, 0) as completed_activity_count,
          a.first_at as first_activity_at, a.last_at as last_activity_at,
          sp.ids as span_stage_ids, sp.days as span_stage_days,
          cm.deal_id is not null as has_comment
        from d
        left join hist on hist.deal_id = d.bitrix_id
        left join acts a on a.deal_id = d.bitrix_id
        left join spans sp on sp.deal_id = d.bitrix_id and sp.pipeline_id = d.pipeline_id
        left join commented cm on cm.deal_id = d.bitrix_id
        left join loss_reason_options ro on ro.portal_id = d.portal_id and ro.field_name = ${field}::text
          and ro.bitrix_id = d.option_id
        left join stages fs on fs.portal_id = d.portal_id and fs.bitrix_id = d.stage_id
        left join pipelines pl on pl.portal_id = fs.portal_id and pl.bitrix_id = fs.pipeline_id
        left join currencies cur on cur.portal_id = d.portal_id and cur.bitrix_id = d.currency_id
        -- A join, not a subquery per deal (b24_users' key is the portal and the user).
        left join b24_users u on u.portal_id = d.portal_id and u.bitrix_id = d.assigned_by_id`;
}

/**
 * Each lost deal's raw reason (what Bitrix24 records: the failure stage or the reason field's option, per the
 * setting) and the canonical reason it maps to (lib/reasons): not specified when the map says so, the raw reason
 * itself while it is not in the map yet.
 */
function reasonsSql(opts: FactsOptions): SQL {
  const src = opts.reasonSource;
  return sql`raw as (
        select base.*,
          case when outcome <> 'lost' then null
            when ${src} = 'stage' then 'stage:' || stage_id
            when option_id is not null then 'field:' || option_id
            when ${src} = 'field_then_stage' then 'stage:' || stage_id end as raw_key,
          case when outcome <> 'lost' then null
            when ${src} = 'stage' then stage_name
            when option_id is not null then coalesce(option_label, option_id)
            when ${src} = 'field_then_stage' then stage_name end as raw_label
        from base),
      canon as (
        select raw.*,
          case when raw.raw_key is null then null when m.raw_key is null then raw.raw_key
            when m.reason_id is null then null else 'r:' || m.reason_id end as canon_key,
          case when raw.raw_key is null then null when m.raw_key is null then raw.raw_label
            else r.name end as canon_label
        from raw
        left join loss_reason_map m on m.portal_id = raw.portal_id and m.raw_key = raw.raw_key
        left join loss_reasons r on r.portal_id = m.portal_id and r.id = m.reason_id)`;
}

/** The stored values by their column names (from `canon`). */
function valuesSql(): SQL {
  return sql`portal_id, deal_id, outcome, pipeline_id, stage_id, manager_id, department_id, source_id,
        created_at, closed_at,
        case when outcome = 'lost' then closed_at end as loss_date,
        case when outcome = 'lost' then lost_at_stage_id end as lost_at_stage_id,
        canon_key as reason_key, canon_label as reason_label, raw_key as raw_reason_key, raw_label as raw_reason_label,
        round(amount_base::numeric, 2) as amount_base, amount_missing, client_key,
        -- Never negative: a close known only by its date (local midnight) may precede a same-day creation.
        case when closed_at is not null
          then round(greatest(extract(epoch from closed_at - created_at) / 86400, 0)::numeric, 2) end as cycle_days,
        activity_count, completed_activity_count, first_activity_at, last_activity_at,
        span_stage_ids, span_stage_days, has_comment, now() as computed_at`;
}

/**
 * A client's deals for the windows below. A deal without a client is a partition of its own: its client columns
 * are false or null whatever the window says, and the one partition of every client-less deal would be spilled to
 * disk and read again for each of them.
 */
const CLIENT_DEALS = "partition by coalesce(client_key, 'deal:' || deal_id)";

/**
 * A full run has every deal here: the client columns come from windows over the client's deals, so the rows
 * are written once, in order (client-flags.ts holds the same definitions for a set of deals).
 */
const clientValuesSql = sql`,
        client_key is not null and row_number() over (${sql.raw(CLIENT_DEALS)} order by created_at, deal_id) > 1
          as is_returning_client,
        outcome = 'lost' and client_key is not null and coalesce(
          min(closed_at) filter (where outcome = 'won') over (${sql.raw(CLIENT_DEALS)}) < closed_at, false)
          as had_prior_win,
        case when client_key is not null then
          min(least(created_at, first_activity_at)) over (${sql.raw(CLIENT_DEALS)}) end as client_first_at,
        case when client_key is not null then
          max(greatest(coalesce(closed_at, created_at), last_activity_at)) over (${sql.raw(CLIENT_DEALS)}) end
          as client_last_at`;

/**
 * Writes the run's facts: only rows that are new or changed reach the insert (an unchanged row is found by a join,
 * not by a conflict, which would lock — and so write — every row of a full re-derive).
 */
export async function writeDealFacts(tx: DbOrTx, run: FactsRun) {
  const full = run.ids === null;
  const compared = full ? [...DERIVED, ...CLIENT] : DERIVED;
  const written = ["portal_id", "deal_id", ...DERIVED, "computed_at", ...(full ? CLIENT : [])];
  const updated = written.slice(2);
  if (full) await wholeTablePlans(tx, "off");
  await tx.execute(sql`
      with ${inputsSql(run)},
      base as (${baseSql(run)}),
      ${reasonsSql(run.opts)},
      v as (select ${valuesSql()}${full ? clientValuesSql : sql``} from canon)
      insert into deal_facts (${list(written)})
      select ${list(written)} from v
      where not exists (select 1 from deal_facts f where f.portal_id = v.portal_id and f.deal_id = v.deal_id
        and (${list(compared, "f.")}) is not distinct from (${list(compared, "v.")}))
      ${(await closeOrder(tx, run)) ? sql`order by coalesce(closed_at, created_at), deal_id` : sql``}
      on conflict (portal_id, deal_id) do update set
        ${sql.raw(updated.map((c) => `${c} = excluded.${c}`).join(", "))}
      -- A row that changed since the check above (another run) is still not rewritten when it is the same.
      where (${list(compared, "deal_facts.")}) is distinct from (${list(compared, "excluded.")})`);
  if (full) await wholeTablePlans(tx, "default");
}

/**
 * A full run's statement reads whole tables: the history in one sorted pass, not by walking its deal index (which
 * visits the heap in random order: 1.4M page reads at 1M deals), and its groups by sorting (a hash of four million
 * deal, pipeline and stage groups spilled to disk). Set for that statement only, within the transaction.
 */
async function wholeTablePlans(tx: DbOrTx, value: "off" | "default") {
  await tx.execute(sql.raw(`set local enable_indexscan = ${value}`));
  await tx.execute(sql.raw(`set local enable_hashagg = ${value}`));
}

/**
 * Whether the rows are written in close-date order, so that a period's deals stand on neighbouring pages: on a
 * portal's first derive (and by a partial run, whose few rows cost nothing to sort). A full re-derive writes only
 * changed rows, which go wherever the table has room whatever their order, so it does not sort a million rows.
 */
async function closeOrder(tx: DbOrTx, run: FactsRun): Promise<boolean> {
  if (run.ids !== null) return true;
  const [row] = await queryRows<{ any: boolean }>(
    tx,
    sql`select exists (select 1 from deal_facts where portal_id = ${run.portalId}) as any`,
  );
  return !row?.any;
}

/**
 * Deletes the facts of deals that no longer exist and returns the aggregate months they stood in. A partial
 * run looks only at its own deals: deals removed elsewhere (reconciliation, a delete event) took their facts.
 */
export async function deleteGoneFacts(tx: DbOrTx, run: FactsRun): Promise<string[]> {
  const gone = await queryRows<{ m: string | null }>(
    tx,
    sql`delete from deal_facts f where f.portal_id = ${run.portalId}
        and ${inRun(run, "f.deal_id")}
        and not exists (select 1 from deals d where d.portal_id = f.portal_id and d.bitrix_id = f.deal_id)
        returning case when f.outcome in ('won', 'lost') then ${factMonthKeySql(run.mins)} end as m`,
  );
  return gone.flatMap((g) => (g.m ? [g.m] : []));
}
