/**
 * Derives deal_facts (and deal_stage_spans) from deals + stage history + settings, per DESIGN.md §3 and the
 * decisions in docs/metrics.md. Runs in SQL, for all deals of a portal or for a set of changed deals.
 */
import { sql } from "drizzle-orm";
import { type Database, intArray, queryRows, textArray } from "@/db";
import type { LossReasonSource, portals } from "@/db/schema";
import { tagComments } from "@/lib/themes/tagging";
import { offsetMinutes } from "@/lib/url-state/period";
import type { DbOrTx } from "./upsert";

/**
 * The derivation rules' version. Raise it when a change re-defines stored facts (2: a CLOSEDATE-only close at the
 * portal's local midnight, cycles never negative): the next sync of a portal derived by older rules derives all.
 */
export const FACTS_RULES = 2;

/** Whether the portal's facts were last derived in full by the current rules (else a sync re-derives them all). */
export async function factsRulesCurrent(db: Database, portalId: number): Promise<boolean> {
  const [row] = await queryRows<{ rules: number }>(
    db,
    sql`select rules from deal_facts_versions where portal_id = ${portalId}`,
  );
  return (row?.rules ?? 0) >= FACTS_RULES;
}

export interface FactsOptions {
  reasonSource: LossReasonSource;
  reasonField: string | null;
  baseCurrency: string;
}

/** The portal's settings and base currency (from its crm.currency.list, else the portal record). */
export async function factsOptionsFor(
  db: Database,
  portal: typeof portals.$inferSelect,
): Promise<FactsOptions> {
  const [base] = await queryRows<{ code: string }>(
    db,
    sql`select bitrix_id as code from currencies where portal_id = ${portal.id} and is_base limit 1`,
  );
  return {
    reasonSource: portal.settings.lossReasonSource ?? "field_then_stage",
    reasonField: portal.settings.lossReasonField ?? null,
    baseCurrency: base?.code ?? portal.baseCurrency,
  };
}

export async function deriveFacts(
  db: Database,
  portalId: number,
  opts: FactsOptions,
  dealIds: number[] | null,
  /**
   * `relabel: false` — the reference data (stages, pipelines, the reason field's options) did not change since
   * the last run, so other deals' reason labels stand (a one-deal event refresh fetches no reference data).
   */
  options: { relabel?: boolean } = {},
) {
  const full = dealIds === null;
  await db.transaction(async (tx) => {
    // One run per portal at a time (a scheduled sync, an event refresh, another server process): two runs that
    // delete and re-insert the same clients' rows would otherwise duplicate or collide on them.
    await tx.execute(sql`select pg_advisory_xact_lock(${DERIVE_LOCK}, ${portalId})`);
    const ids = dealIds === null ? null : intArray(dealIds);
    const scope = ids === null ? sql`true` : sql`d.bitrix_id = any(${ids}::int[])`;
    const hScope = ids === null ? sql`true` : sql`h.deal_id = any(${ids}::int[])`;
    const aScope = ids === null ? sql`true` : sql`a.owner_id = any(${ids}::int[])`;
    const cScope = ids === null ? sql`true` : sql`c.deal_id = any(${ids}::int[])`;
    const field = opts.reasonField ?? "";
    // A partial run re-aggregates only the months its deals (and their clients' deals) sit in, before and after.
    // When the aggregates were invalidated (a deletion outside deriveFacts) it rebuilds every client-level table.
    const monthly = dealIds === null ? null : await monthlyPlan(tx, portalId, dealIds);
    // The run's clients as the facts stand before it: a deal that leaves a client, or vanishes, changes its old
    // client's flags and order too.
    const clientsBefore = monthly && dealIds ? await clientsOf(tx, portalId, dealIds) : null;
    // A date field (CLOSEDATE) is a calendar date of the portal: it starts at local midnight in the portal's
    // offset, not at 00:00 UTC (19:00 of the day before on a UTC−5 portal, the wrong day and maybe month).
    const mins = monthly?.mins ?? (await portalOffsetMinutes(tx, portalId));
    await deriveSpans(tx, portalId, dealIds);
    await tx.execute(sql`
      with d as (
        select d.*, coalesce(s.semantics, d.stage_semantic) as sem
        from deals d
        left join stages s on s.portal_id = d.portal_id and s.bitrix_id = d.stage_id
        where d.portal_id = ${portalId} and ${scope}
      ),
      hist as (
        select h.deal_id,
          (array_agg(h.created_time order by h.bitrix_id desc) filter (where h.stage_semantic = 'F'))[1] as last_f_time,
          (array_agg(h.created_time order by h.bitrix_id desc) filter (where h.stage_semantic = 'S'))[1] as last_s_time
        from stage_history h
        where h.portal_id = ${portalId} and ${hScope}
        group by h.deal_id
      ),
      lost_at as (
        select distinct on (h.deal_id) h.deal_id, h.stage_id
        from (
          select h.*, max(h.bitrix_id) filter (where h.stage_semantic = 'F') over (partition by h.deal_id) as last_f
          from stage_history h where h.portal_id = ${portalId} and ${hScope}
        ) h
        join deals x on x.portal_id = ${portalId} and x.bitrix_id = h.deal_id
        where h.bitrix_id < h.last_f and h.stage_semantic = 'P' and h.pipeline_id = x.pipeline_id
        order by h.deal_id, h.bitrix_id desc
      ),
      acts as (
        select a.owner_id as deal_id, count(*)::int as n, (count(*) filter (where a.completed))::int as done,
          min(coalesce(a.start_time, a.created)) as first_at, max(coalesce(a.end_time, a.start_time, a.created)) as last_at
        from activities a
        where a.portal_id = ${portalId} and a.owner_type_id = 2 and ${aScope}
        group by a.owner_id
      ),
      spans as (
        -- Per stage of the deal's final pipeline, in order of first entry: days spent in it (closed spans).
        select x.deal_id, array_agg(x.stage_id order by x.first_seq) as ids, array_agg(x.days order by x.first_seq) as days
        from (
          select sp.deal_id, sp.stage_id, min(sp.seq) as first_seq,
            (sum(extract(epoch from sp.left_at - sp.entered_at)) / 86400)::float8 as days
          from deal_stage_spans sp join d on d.bitrix_id = sp.deal_id and d.pipeline_id = sp.pipeline_id
          where sp.portal_id = ${portalId}
          group by 1, 2
        ) x
        group by x.deal_id
      ),
      same_named as (${sameNamedSql(portalId, opts)}),
      commented as (
        select distinct c.deal_id from comments c where c.portal_id = ${portalId} and ${cScope}
      ),
      base as (
        select d.portal_id, d.bitrix_id as deal_id,
          case d.sem when 'S' then 'won' when 'F' then 'lost' else 'open' end as outcome,
          d.pipeline_id, d.stage_id, d.assigned_by_id as manager_id,
          (select u.department_ids[1] from b24_users u where u.portal_id = d.portal_id and u.bitrix_id = d.assigned_by_id) as department_id,
          d.source_id, d.date_create as created_at,
          case when d.sem in ('S', 'F') then coalesce(
            case d.sem when 'F' then hist.last_f_time else hist.last_s_time end,
            (d.close_date::timestamp - make_interval(mins => ${mins})) at time zone 'UTC',
            d.date_modify) end as closed_at,
          la.stage_id as lost_at_stage_id,
          nullif(nullif(case jsonb_typeof(d.raw -> ${field}::text)
            when 'array' then d.raw -> ${field}::text ->> 0
            else d.raw ->> ${field}::text end, ''), '0') as option_id,
          -- A failure stage named like another reason (a failure stage of another pipeline, an option of the
          -- reason field) is told apart by its pipeline: "Дорого · Продажи" (docs/metrics.md).
          ${stageReasonLabel("fs", "pl")} as stage_name,
          ro.value as option_label,
          coalesce(
            case when d.opportunity_account is not null and coalesce(d.account_currency_id, ${opts.baseCurrency}) = ${opts.baseCurrency}
              then d.opportunity_account end,
            d.opportunity * coalesce(cur.amount / nullif(cur.amount_cnt, 0), case when coalesce(d.currency_id, ${opts.baseCurrency}) = ${opts.baseCurrency} then 1 end),
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
        left join lost_at la on la.deal_id = d.bitrix_id
        left join acts a on a.deal_id = d.bitrix_id
        left join spans sp on sp.deal_id = d.bitrix_id
        left join commented cm on cm.deal_id = d.bitrix_id
        left join loss_reason_options ro on ro.portal_id = d.portal_id and ro.field_name = ${field}::text
          and ro.bitrix_id = nullif(nullif(case jsonb_typeof(d.raw -> ${field}::text)
            when 'array' then d.raw -> ${field}::text ->> 0 else d.raw ->> ${field}::text end, ''), '0')
        left join stages fs on fs.portal_id = d.portal_id and fs.bitrix_id = d.stage_id
        left join pipelines pl on pl.portal_id = fs.portal_id and pl.bitrix_id = fs.pipeline_id
        left join currencies cur on cur.portal_id = d.portal_id and cur.bitrix_id = d.currency_id
      )
      insert into deal_facts (portal_id, deal_id, outcome, pipeline_id, stage_id, manager_id, department_id, source_id,
        created_at, closed_at, loss_date, lost_at_stage_id, reason_key, reason_label, amount_base, amount_missing,
        client_key, cycle_days, activity_count, completed_activity_count, first_activity_at, last_activity_at,
        span_stage_ids, span_stage_days, has_comment, computed_at${
          full ? sql`, is_returning_client, had_prior_win, client_first_at, client_last_at` : sql``
        })
      select portal_id, deal_id, outcome, pipeline_id, stage_id, manager_id, department_id, source_id,
        created_at, closed_at,
        case when outcome = 'lost' then closed_at end,
        case when outcome = 'lost' then lost_at_stage_id end,
        case when outcome <> 'lost' then null
          when ${opts.reasonSource} = 'stage' then 'stage:' || stage_id
          when option_id is not null then 'field:' || option_id
          when ${opts.reasonSource} = 'field_then_stage' then 'stage:' || stage_id end,
        case when outcome <> 'lost' then null
          when ${opts.reasonSource} = 'stage' then stage_name
          when option_id is not null then coalesce(option_label, option_id)
          when ${opts.reasonSource} = 'field_then_stage' then stage_name end,
        round(amount_base::numeric, 2), amount_missing, client_key,
        -- Never negative: a close known only by its date (local midnight) may precede a same-day creation.
        case when closed_at is not null
          then round(greatest(extract(epoch from closed_at - created_at) / 86400, 0)::numeric, 2) end,
        activity_count, completed_activity_count, first_activity_at, last_activity_at,
        span_stage_ids, span_stage_days, has_comment, now()${
          full
            ? // Every deal is here: the client columns come from windows over the client's deals, so the rows are
              // written once, in order (see deriveClientFlags for the same definitions on a set of deals).
              sql`,
        client_key is not null and row_number() over (partition by client_key order by created_at, deal_id) > 1,
        outcome = 'lost' and client_key is not null and coalesce(
          min(closed_at) filter (where outcome = 'won') over (partition by client_key) < closed_at, false),
        case when client_key is not null then
          min(least(created_at, first_activity_at)) over (partition by client_key) end,
        case when client_key is not null then
          max(greatest(coalesce(closed_at, created_at), last_activity_at)) over (partition by client_key) end`
            : sql``
        }
      from base
      -- Written in close-date order, so that a first sync leaves a period's deals on neighbouring pages.
      order by coalesce(closed_at, created_at), deal_id
      on conflict (portal_id, deal_id) do update set
        outcome = excluded.outcome, pipeline_id = excluded.pipeline_id, stage_id = excluded.stage_id,
        manager_id = excluded.manager_id, department_id = excluded.department_id, source_id = excluded.source_id,
        created_at = excluded.created_at, closed_at = excluded.closed_at, loss_date = excluded.loss_date,
        lost_at_stage_id = excluded.lost_at_stage_id, reason_key = excluded.reason_key,
        reason_label = excluded.reason_label, amount_base = excluded.amount_base,
        amount_missing = excluded.amount_missing, client_key = excluded.client_key, cycle_days = excluded.cycle_days,
        activity_count = excluded.activity_count, completed_activity_count = excluded.completed_activity_count,
        first_activity_at = excluded.first_activity_at, last_activity_at = excluded.last_activity_at,
        span_stage_ids = excluded.span_stage_ids, span_stage_days = excluded.span_stage_days,
        has_comment = excluded.has_comment, computed_at = excluded.computed_at${
          full
            ? sql`, is_returning_client = excluded.is_returning_client, had_prior_win = excluded.had_prior_win,
        client_first_at = excluded.client_first_at, client_last_at = excluded.client_last_at`
            : sql``
        }
      -- A row whose facts did not change is not rewritten: a full re-derive would otherwise double the table.
      where (deal_facts.outcome, deal_facts.pipeline_id, deal_facts.stage_id, deal_facts.manager_id,
          deal_facts.department_id, deal_facts.source_id, deal_facts.created_at, deal_facts.closed_at,
          deal_facts.loss_date, deal_facts.lost_at_stage_id, deal_facts.reason_key, deal_facts.reason_label,
          deal_facts.amount_base, deal_facts.amount_missing, deal_facts.client_key, deal_facts.cycle_days,
          deal_facts.activity_count, deal_facts.completed_activity_count, deal_facts.first_activity_at,
          deal_facts.last_activity_at, deal_facts.span_stage_ids, deal_facts.span_stage_days, deal_facts.has_comment${
            full
              ? sql`, deal_facts.is_returning_client, deal_facts.had_prior_win, deal_facts.client_first_at,
          deal_facts.client_last_at`
              : sql``
          })
        is distinct from (excluded.outcome, excluded.pipeline_id, excluded.stage_id, excluded.manager_id,
          excluded.department_id, excluded.source_id, excluded.created_at, excluded.closed_at,
          excluded.loss_date, excluded.lost_at_stage_id, excluded.reason_key, excluded.reason_label,
          excluded.amount_base, excluded.amount_missing, excluded.client_key, excluded.cycle_days,
          excluded.activity_count, excluded.completed_activity_count, excluded.first_activity_at,
          excluded.last_activity_at, excluded.span_stage_ids, excluded.span_stage_days, excluded.has_comment${
            full
              ? sql`, excluded.is_returning_client, excluded.had_prior_win, excluded.client_first_at,
          excluded.client_last_at`
              : sql``
          })`);
    // Facts of deals that no longer exist (their months, too, are re-aggregated by a partial run). A partial run
    // looks only at its own deals: deals removed elsewhere (reconciliation, a delete event) took their facts along.
    const gone = await queryRows<{ m: string | null }>(
      tx as unknown as Database,
      sql`delete from deal_facts f where f.portal_id = ${portalId}
        and ${ids === null ? sql`true` : sql`f.deal_id = any(${ids}::int[])`}
        and not exists (select 1 from deals d where d.portal_id = f.portal_id and d.bitrix_id = f.deal_id)
        returning case when f.outcome in ('won', 'lost') then ${localMonthSql(monthly?.mins ?? 0)} end as m`,
    );
    // A partial run labels its own deals; the others' labels follow renamed stages, pipelines and options here.
    if (!full && options.relabel !== false) await relabelReasons(tx, portalId, opts, monthly !== null);
    // The clients whose deals' client-level columns the run may change (null: every client).
    const clients =
      clientsBefore && dealIds
        ? [...new Set([...clientsBefore, ...(await clientsOf(tx, portalId, dealIds))])]
        : null;
    // A full run wrote the client columns with the facts; a partial one refreshes the touched clients' deals.
    if (!full)
      await deriveClientFlags(tx, portalId, clients && dealIds ? { clientKeys: clients, dealIds } : null);
    await rebuildStageDays(tx, portalId, clients === null ? null : (dealIds ?? []), clients ?? []);
    await rebuildClientOrder(tx, portalId, clients);
    if (monthly && dealIds) {
      const after = await touchedMonths(tx, portalId, dealIds, monthly.mins);
      const goneMonths = gone.flatMap((g) => (g.m ? [g.m] : []));
      await rebuildMonthlyFacts(tx, portalId, [...new Set([...monthly.before, ...after, ...goneMonths])]);
    } else await rebuildMonthlyFacts(tx, portalId);
    await bumpFactsVersion(tx, portalId);
    if (full)
      await tx.execute(
        sql`update deal_facts_versions set rules = ${FACTS_RULES} where portal_id = ${portalId}`,
      );
  });
  // Loss themes and competitor mentions of the same deals' comments (lib/themes).
  await tagComments(db, portalId, dealIds);
  // Once more after the comments' tags: a cached report (lib/analytics/cache.ts) is keyed by this version.
  await bumpFactsVersion(db, portalId);
}

/**
 * After a full derive, outside any transaction: the rewritten tables' statistics and visibility map now, not
 * whenever autovacuum comes — the Stages medians read deal_facts_stage_days by an index-only scan, which visits
 * the table for every row on a page not yet marked all-visible.
 */
export async function vacuumFacts(db: Database) {
  await db.execute(
    sql`vacuum (analyze) deal_facts, deal_facts_stage_days, deal_facts_client_order, deal_facts_monthly`,
  );
}

/**
 * A new data version of the portal's facts: every report result cached under an older one is dropped on the
 * next request (lib/analytics/cache.ts), in this process and in any other serving the same database.
 */
export async function bumpFactsVersion(db: DbOrTx, portalId: number) {
  await db.execute(sql`insert into deal_facts_versions (portal_id, version, derived_at)
    values (${portalId}, 1, now())
    on conflict (portal_id) do update set version = deal_facts_versions.version + 1, derived_at = now()`);
}

/**
 * deal_facts_monthly of the portal from its deal_facts, in full: closed deals grouped by the local month of the
 * close date (in the portal's offset, by the same expression as lib/analytics/where.ts localTime) and every
 * filterable dimension. Call inside the transaction that changed the facts; lib/analytics/monthly.ts reads it
 * only when its state row says it was built for the offset a report asks for.
 */
export async function rebuildMonthlyFacts(tx: DbOrTx, portalId: number, months?: string[]) {
  const mins = await portalOffsetMinutes(tx, portalId);
  if (months?.length === 0) return;
  // Months as local 'YYYY-MM-DD HH:MI:SS' month starts; their close-date range in UTC keeps to the closed_at index.
  const inMonths = months
    ? sql`and (${sql.join(
        months.map(
          (m) => sql`(f.closed_at >= (${m}::timestamp - make_interval(mins => ${mins})) at time zone 'UTC'
            and f.closed_at < ((${m}::timestamp + interval '1 month') - make_interval(mins => ${mins})) at time zone 'UTC')`,
        ),
        sql` or `,
      )})`
    : sql``;
  await tx.execute(
    months
      ? sql`delete from deal_facts_monthly where portal_id = ${portalId} and month = any(${`{${months.map((m) => `"${m}"`).join(",")}}`}::timestamp[])`
      : sql`delete from deal_facts_monthly where portal_id = ${portalId}`,
  );
  await tx.execute(sql`
    insert into deal_facts_monthly (portal_id, month, outcome, pipeline_id, manager_id, department_id, source_id,
      is_returning_client, lost_at_stage_id, reason_key, reason_label, span_stage_ids, had_prior_win, deals,
      amount_sum, amount_missing)
    select f.portal_id,
      date_trunc('month', ((f.closed_at at time zone 'UTC') + interval '${sql.raw(String(mins))} minutes')) as month,
      f.outcome, f.pipeline_id, f.manager_id, f.department_id, f.source_id, f.is_returning_client,
      f.lost_at_stage_id, f.reason_key, min(f.reason_label), f.span_stage_ids, f.had_prior_win, count(*)::int,
      coalesce(sum(f.amount_base), 0), (count(*) filter (where f.amount_missing))::int
    from deal_facts f
    where f.portal_id = ${portalId} and f.outcome in ('won', 'lost') ${inMonths}
    group by f.portal_id, 2, f.outcome, f.pipeline_id, f.manager_id, f.department_id, f.source_id,
      f.is_returning_client, f.lost_at_stage_id, f.reason_key, f.span_stage_ids, f.had_prior_win`);
  await tx.execute(sql`insert into deal_facts_monthly_state (portal_id, offset_minutes, built_at)
    values (${portalId}, ${mins}, now())
    on conflict (portal_id) do update set offset_minutes = excluded.offset_minutes, built_at = now()`);
}

async function portalOffsetMinutes(tx: DbOrTx, portalId: number): Promise<number> {
  const [portal] = await queryRows<{ offset: string | null }>(
    tx as unknown as Database,
    sql`select timezone_offset as offset from portals where id = ${portalId}`,
  );
  return Math.trunc(offsetMinutes(portal?.offset ?? "") ?? 180);
}

/**
 * Whether a partial run may re-aggregate just its months: only when the aggregate is complete and built for the
 * portal's offset now; otherwise (never built, invalidated by a deletion, offset changed) it is rebuilt whole.
 */
async function monthlyPlan(
  tx: DbOrTx,
  portalId: number,
  dealIds: number[],
): Promise<{ mins: number; before: string[] } | null> {
  const mins = await portalOffsetMinutes(tx, portalId);
  const [state] = await queryRows<{ offset_minutes: number }>(
    tx as unknown as Database,
    sql`select offset_minutes from deal_facts_monthly_state where portal_id = ${portalId}`,
  );
  if (!state || state.offset_minutes !== mins) return null;
  return { mins, before: await touchedMonths(tx, portalId, dealIds, mins) };
}

/** A fact's aggregate key: the local month of its close date, as 'YYYY-MM-DD HH24:MI:SS' (alias f). */
function localMonthSql(mins: number) {
  return sql`to_char(date_trunc('month', ((f.closed_at at time zone 'UTC') + make_interval(mins => ${mins}))),
    'YYYY-MM-DD HH24:MI:SS')`;
}

/**
 * Local months (aggregate keys) of the closed facts a partial run can change: its deals and every deal of their
 * clients (returning / prior-win flags). Facts of vanished deals come back from the run's delete. Two indexed
 * lookups, not one OR over the portal's facts.
 */
async function touchedMonths(
  tx: DbOrTx,
  portalId: number,
  dealIds: number[],
  mins: number,
): Promise<string[]> {
  const ids = intArray(dealIds);
  const rows = await queryRows<{ m: string }>(
    tx as unknown as Database,
    sql`select ${localMonthSql(mins)} as m from deal_facts f
        where f.portal_id = ${portalId} and f.outcome in ('won', 'lost') and f.deal_id = any(${ids}::int[])
      union
      select ${localMonthSql(mins)} as m from deal_facts f
        where f.portal_id = ${portalId} and f.outcome in ('won', 'lost') and f.client_key in (
          select client_key from deal_facts where portal_id = ${portalId} and deal_id = any(${ids}::int[])
            and client_key is not null)`,
  );
  return rows.map((r) => r.m);
}

/** The portal's deal_facts_monthly no longer matches its facts (deal_facts changed outside deriveFacts). */
export async function invalidateMonthlyFacts(tx: DbOrTx, portalId: number) {
  await tx.execute(sql`delete from deal_facts_monthly_state where portal_id = ${portalId}`);
}

/**
 * Returning client, prior win and the client's whole relationship span depend on the client's other deals, so
 * refresh every deal of a touched client — writing only the rows whose values change.
 */
async function deriveClientFlags(
  tx: DbOrTx,
  portalId: number,
  scope: { clientKeys: string[]; dealIds: number[] } | null,
) {
  // The run's own deals too: one that lost its client has its flags cleared. Both arrays are indexed lookups.
  const touched =
    scope === null
      ? sql`true`
      : sql`(g.client_key = any(${textArray(scope.clientKeys)}::text[]) or g.deal_id = any(${intArray(scope.dealIds)}::int[]))`;
  await tx.execute(sql`
    update deal_facts f set is_returning_client = n.returning, had_prior_win = n.prior_win,
      client_first_at = n.first_at, client_last_at = n.last_at
    from (
      select g.deal_id,
        g.client_key is not null and exists (
          select 1 from deal_facts o where o.portal_id = g.portal_id and o.client_key = g.client_key
            and (o.created_at, o.deal_id) < (g.created_at, g.deal_id)) as returning,
        g.outcome = 'lost' and g.client_key is not null and exists (
          select 1 from deal_facts w where w.portal_id = g.portal_id and w.client_key = g.client_key
            and w.outcome = 'won' and w.closed_at < g.loss_date) as prior_win,
        -- Relationship: first deal creation or activity → latest deal close (else creation) or activity.
        case when g.client_key is not null then
          min(least(g.created_at, g.first_activity_at)) over (partition by g.client_key) end as first_at,
        case when g.client_key is not null then
          max(greatest(coalesce(g.closed_at, g.created_at), g.last_activity_at)) over (partition by g.client_key) end as last_at
      from deal_facts g where g.portal_id = ${portalId} and ${touched}
    ) n
    where f.portal_id = ${portalId} and f.deal_id = n.deal_id
      and (f.is_returning_client, f.had_prior_win, f.client_first_at, f.client_last_at)
        is distinct from (n.returning, n.prior_win, n.first_at, n.last_at)`);
}

/**
 * deal_facts_stage_days (db/schema/facts.ts) from the facts, after the client flags: for the whole portal, or
 * for a partial run's deals and every deal of its clients (whose returning flag the run may have changed).
 * Rows are written in index order, so a full rebuild leaves each stage's values on neighbouring pages.
 */
async function rebuildStageDays(
  tx: DbOrTx,
  portalId: number,
  dealIds: number[] | null,
  clientKeys: string[],
) {
  // A partial run's deals and its clients' deals, by two indexed lookups (one OR would scan every fact).
  const ids =
    dealIds === null
      ? null
      : intArray(
          (
            await queryRows<{ id: number }>(
              tx as unknown as Database,
              sql`select unnest(${intArray(dealIds)}::int[]) as id
              union select deal_id from deal_facts
                where portal_id = ${portalId} and client_key = any(${textArray(clientKeys)}::text[])`,
            )
          ).map((r) => r.id),
        );
  const deals = ids === null ? sql`true` : sql`deal_id = any(${ids}::int[])`;
  const factDeals = ids === null ? sql`true` : sql`f.deal_id = any(${ids}::int[])`;
  await tx.execute(sql`delete from deal_facts_stage_days where portal_id = ${portalId} and ${deals}`);
  await tx.execute(sql`
    insert into deal_facts_stage_days (portal_id, deal_id, stage_id, days, outcome, pipeline_id, manager_id,
      department_id, source_id, closed_at, lost_at_stage_id, reason_key, is_returning_client, amount_base)
    select f.portal_id, f.deal_id, x.id, x.days, 'lost', f.pipeline_id, f.manager_id, f.department_id, f.source_id,
      f.closed_at, f.lost_at_stage_id, f.reason_key, f.is_returning_client, f.amount_base
    from deal_facts f cross join lateral unnest(f.span_stage_ids, f.span_stage_days) as x(id, days)
    where f.portal_id = ${portalId} and f.outcome = 'lost' and x.days is not null and ${factDeals}
    order by f.pipeline_id, x.id, x.days`);
}

/** Client keys of the deals' facts. */
async function clientsOf(tx: DbOrTx, portalId: number, dealIds: number[]): Promise<string[]> {
  const rows = await queryRows<{ k: string }>(
    tx as unknown as Database,
    sql`select distinct client_key as k from deal_facts
      where portal_id = ${portalId} and deal_id = any(${intArray(dealIds)}::int[]) and client_key is not null`,
  );
  return rows.map((r) => r.k);
}

/**
 * deal_facts_client_order (db/schema/facts.ts) for the whole portal, or for these clients: every closed deal of
 * theirs, in their order of closing (deals without a close date last).
 */
export async function rebuildClientOrder(tx: DbOrTx, portalId: number, clientKeys: string[] | null) {
  if (clientKeys?.length === 0) return;
  const clients = clientKeys === null ? sql`true` : sql`client_key = any(${textArray(clientKeys)}::text[])`;
  await tx.execute(sql`delete from deal_facts_client_order where portal_id = ${portalId} and ${clients}`);
  await tx.execute(sql`
    insert into deal_facts_client_order (portal_id, deal_id, client_key, outcome, closed_at, is_client_first,
      client_won_deals, client_lost_deals, prev_closed_at, prev_won_at, prev_lost_at, next_won_at, next_lost_at,
      relationship_days, cycle_days, activity_count, completed_activity_count)
    select portal_id, deal_id, client_key, outcome, closed_at, row_number() over w = 1,
      count(*) filter (where outcome = 'won') over c, count(*) filter (where outcome = 'lost') over c,
      lag(closed_at) over w,
      max(closed_at) filter (where outcome = 'won') over (w rows between unbounded preceding and 1 preceding),
      max(closed_at) filter (where outcome = 'lost') over (w rows between unbounded preceding and 1 preceding),
      min(closed_at) filter (where outcome = 'won') over (w rows between 1 following and unbounded following),
      min(closed_at) filter (where outcome = 'lost') over (w rows between 1 following and unbounded following),
      -- The Clients report's relationship length, by the same expression (lib/analytics/clients.ts).
      (extract(epoch from client_last_at - client_first_at) / 86400)::float8,
      cycle_days, activity_count, completed_activity_count
    from deal_facts
    where portal_id = ${portalId} and outcome in ('won', 'lost') and client_key is not null and ${clients}
    window w as (partition by client_key order by closed_at, deal_id), c as (partition by client_key)`);
}

/**
 * Labels two or more possible reasons share: failure stages (unless reasons come from the field alone) and the
 * reason field's options (unless they come from stages alone). A stage reason with such a name is labelled
 * with its pipeline too.
 */
function sameNamedSql(portalId: number, opts: FactsOptions) {
  return sql`select x.name from (
      select s.name from stages s
      where s.portal_id = ${portalId} and s.semantics = 'F' and ${opts.reasonSource} <> 'field'
      union all
      select o.value from loss_reason_options o
      where o.portal_id = ${portalId} and o.field_name = ${opts.reasonField ?? ""}::text and ${opts.reasonSource} <> 'stage'
    ) x group by x.name having count(*) > 1`;
}

/** A failure stage's reason label: stage alias `s`, its pipeline `p`, with `same_named` in the query. */
const stageReasonLabel = (s: "fs" | "s", p: "pl") =>
  sql.raw(`case when ${s}.name in (select name from same_named) then concat_ws(' · ', ${s}.name, ${p}.name)
    else ${s}.name end`);

/**
 * A reason's label is a function of its key and the reference data (stage and pipeline names, the field's
 * options), so when those change every deal of the key takes the new label — in deal_facts and in the monthly
 * aggregate — without a full run. The keys come from the aggregate (a few thousand rows) when it is complete.
 */
async function relabelReasons(tx: DbOrTx, portalId: number, opts: FactsOptions, monthlyComplete: boolean) {
  const keys = monthlyComplete
    ? sql`select reason_key as k, min(reason_label) as lo, max(reason_label) as hi from deal_facts_monthly
        where portal_id = ${portalId} and reason_key is not null group by reason_key`
    : sql`select reason_key as k, min(reason_label) as lo, max(reason_label) as hi from deal_facts
        where portal_id = ${portalId} and reason_key is not null group by reason_key`;
  const changed = await queryRows<{ k: string; label: string | null }>(
    tx as unknown as Database,
    sql`with same_named as (${sameNamedSql(portalId, opts)}),
      keys as (${keys}),
      cur as (
        select keys.k, keys.lo, keys.hi, case
          when keys.k like 'stage:%' then (
            select ${stageReasonLabel("s", "pl")}
            from stages s left join pipelines pl on pl.portal_id = s.portal_id and pl.bitrix_id = s.pipeline_id
            where s.portal_id = ${portalId} and s.bitrix_id = substr(keys.k, 7))
          else coalesce((select o.value from loss_reason_options o where o.portal_id = ${portalId}
            and o.field_name = ${opts.reasonField ?? ""}::text and o.bitrix_id = substr(keys.k, 7)), substr(keys.k, 7))
          end as label
        from keys)
      select k, label from cur where label is distinct from lo or label is distinct from hi`,
  );
  for (const { k, label } of changed) {
    await tx.execute(sql`update deal_facts set reason_label = ${label}
      where portal_id = ${portalId} and reason_key = ${k} and reason_label is distinct from ${label}`);
    await tx.execute(sql`update deal_facts_monthly set reason_label = ${label}
      where portal_id = ${portalId} and reason_key = ${k} and reason_label is distinct from ${label}`);
  }
}

/** Key space of deriveFacts' per-portal advisory lock (pg_advisory_xact_lock(key, portal id)). */
const DERIVE_LOCK = 0x4c4c4446; // "LLDF"

/** Time in each stage: a history row enters a stage, the next row of the same deal leaves it. */
async function deriveSpans(tx: DbOrTx, portalId: number, dealIds: number[] | null) {
  const scope = dealIds === null ? sql`true` : sql`deal_id = any(${intArray(dealIds)}::int[])`;
  await tx.execute(sql`delete from deal_stage_spans where portal_id = ${portalId} and ${scope}`);
  await tx.execute(sql`
    insert into deal_stage_spans (portal_id, deal_id, seq, pipeline_id, stage_id, entered_at, left_at)
    select portal_id, deal_id, row_number() over w, pipeline_id, stage_id, created_time, lead(created_time) over w
    from stage_history where portal_id = ${portalId} and ${scope}
    window w as (partition by deal_id order by bitrix_id)`);
}
