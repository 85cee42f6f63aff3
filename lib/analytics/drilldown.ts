/**
 * Drill-down: the deals behind any number — the same filters plus the clicked slice — paginated and
 * sortable, each with its stage path, reason, amount, manager, client, first comment and Bitrix24 link.
 */

import { type SQL, sql } from "drizzle-orm";
import { type Database, queryRows } from "@/db";
import { cachedReport } from "@/lib/facts/cache";
import {
  clientNameSql,
  factsWhere,
  intArray,
  localTime,
  managerNameSql,
  type PeriodBasis,
  periodSql,
} from "@/lib/facts/where";
import type { ViewSubject } from "@/lib/i18n/describe-filters";
import { capturedWellSql, captureSql } from "@/lib/reasons/capture";
import { type Filters, REASON_NONE, STAGE_UNKNOWN } from "@/lib/url-state/filters";
import { DRILLDOWN_SORTS, type DrilldownSort, type Slice } from "@/lib/url-state/slice";
import type { DataScope } from "./scope";
import { reachedSortSql } from "./stages";
import { getStrategies } from "./strategies";

export interface DrilldownRow {
  dealId: number;
  title: string;
  outcome: "won" | "lost" | "open";
  stageId: string;
  stageName: string;
  /** Stage names in the order the deal passed them (its history); the current stage when it has none. */
  stagePath: string[];
  lostAtStageId: string | null;
  lostAtStageName: string | null;
  reasonKey: string | null;
  reasonLabel: string | null;
  amount: number;
  amountMissing: boolean;
  managerId: number | null;
  managerName: string | null;
  clientKey: string | null;
  clientName: string | null;
  /** The first comment (earliest), plain text, at most 140 characters. */
  commentExcerpt: string | null;
  createdAt: string;
  closedAt: string | null;
  lossDate: string | null;
  url: string;
}

export interface DrilldownDto {
  total: number;
  page: number;
  size: number;
  pageCount: number;
  sort: { key: DrilldownSort; dir: "asc" | "desc" };
  rows: DrilldownRow[];
}

export const EXCERPT_LENGTH = 140;

export function excerpt(text: string | null, max = EXCERPT_LENGTH): string | null {
  if (text === null) return null;
  const t = text.replace(/\s+/g, " ").trim();
  if (!t) return null;
  return t.length <= max ? t : `${t.slice(0, max - 1).trimEnd()}…`;
}

const ORDER: Record<DrilldownSort, SQL> = {
  date: sql`coalesce(f.loss_date, f.closed_at, f.created_at)`,
  amount: sql`f.amount_base`,
  title: sql`d.title`,
  manager: sql`manager_name`,
  stage: sql`stage_name`,
  reason: sql`f.reason_label`,
  client: sql`client_name`,
  created: sql`f.created_at`,
  id: sql`f.deal_id`,
};

/** Sort keys with no null value (created_at is required; amount_base defaults to 0). */
const NEVER_NULL_SORTS = new Set<DrilldownSort>(["date", "amount", "created", "id"]);

/** Sorts on deal_facts columns alone: the page is picked from deal_facts first, then joined for its rows. */
const FACTS_ONLY_SORTS = new Set<DrilldownSort>(["date", "amount", "reason", "created", "id"]);

/** What a slice lists, in the words of the filter line ("Выигранные за …", "Закрытые …"). */
export function sliceSubject(slice: Slice): ViewSubject {
  if (slice.outcome) return slice.outcome;
  const basis = basisFor(slice);
  return basis === "loss" ? "lost" : basis === "none" ? "all" : basis;
}

function basisFor(slice: Slice): PeriodBasis {
  if (slice.basis) return slice.basis;
  if (slice.current) return "none";
  if (slice.quadrant || slice.outcome === "open") return "worked";
  if (slice.outcome === "lost" || slice.stage || slice.reason || slice.raw || slice.capture || slice.priorWin)
    return "loss";
  return "closed";
}

async function sliceSql(db: Database, scope: DataScope, filters: Filters, slice: Slice): Promise<SQL> {
  const c: SQL[] = [factsWhere(scope, filters, { basis: basisFor(slice) })];
  if (slice.stage === STAGE_UNKNOWN) c.push(sql`f.outcome = 'lost' and f.lost_at_stage_id is null`);
  else if (slice.stage) c.push(sql`f.outcome = 'lost' and f.lost_at_stage_id = ${slice.stage}`);
  if (slice.reason === REASON_NONE) c.push(sql`f.outcome = 'lost' and f.reason_key is null`);
  else if (slice.reason) c.push(sql`f.outcome = 'lost' and f.reason_key = ${slice.reason}`);
  if (slice.raw === REASON_NONE) c.push(sql`f.outcome = 'lost' and f.raw_reason_key is null`);
  else if (slice.raw) c.push(sql`f.outcome = 'lost' and f.raw_reason_key = ${slice.raw}`);
  if (slice.capture === "ok") c.push(capturedWellSql);
  else if (slice.capture) c.push(captureSql(slice.capture));
  if (slice.deal !== undefined) c.push(sql`f.deal_id = ${slice.deal}`);
  if (slice.pipeline !== undefined) c.push(sql`f.pipeline_id = ${slice.pipeline}`);
  if (slice.current) c.push(sql`f.outcome = 'open' and f.stage_id = ${slice.current}`);
  if (slice.manager === 0) c.push(sql`f.manager_id is null`);
  else if (slice.manager !== undefined) c.push(sql`f.manager_id = ${slice.manager}`);
  if (slice.outcome === "closed") c.push(sql`f.outcome in ('won', 'lost')`);
  else if (slice.outcome) c.push(sql`f.outcome = ${slice.outcome}`);
  if (slice.priorWin !== undefined) c.push(sql`f.outcome = 'lost' and f.had_prior_win = ${slice.priorWin}`);
  const bucketDate = localTime(sql`coalesce(f.loss_date, f.closed_at)`, filters);
  if (slice.month) c.push(sql`to_char(${bucketDate}, 'YYYY-MM') = ${slice.month}`);
  if (slice.week) c.push(sql`to_char(date_trunc('week', ${bucketDate}), 'YYYY-MM-DD') = ${slice.week}`);
  if (slice.reached) {
    // Reached is within the stage's own pipeline (stage ids are unique in a portal), whichever pipelines the
    // filters show: with every pipeline shown, each funnel's links open that funnel's deals.
    const [own] = await queryRows<{ pipeline: number }>(
      db,
      sql`select pipeline_id as pipeline from stages where portal_id = ${scope.portalId} and bitrix_id = ${slice.reached}`,
    );
    if (!own) c.push(sql`false`);
    else {
      const p = own.pipeline;
      c.push(sql`f.pipeline_id = ${p} and ${reachedSortSql(scope.portalId, p)} >= (select s.sort from stages s
        where s.portal_id = ${scope.portalId} and s.bitrix_id = ${slice.reached} and s.pipeline_id = ${p})`);
    }
  }
  if (slice.bothOutcomes) {
    c.push(sql`f.client_key in (select f.client_key from deal_facts f
      where ${factsWhere(scope, filters, { basis: "closed" })} and f.client_key is not null
      group by f.client_key having bool_or(f.outcome = 'won') and bool_or(f.outcome = 'lost'))`);
  }
  if (slice.quadrant) {
    const { managers } = await getStrategies(db, scope, filters);
    const ids = managers.filter((m) => m.quadrant === slice.quadrant).map((m) => m.managerId);
    c.push(sql`f.manager_id = any(${intArray(ids)}::int[])`);
    // A quadrant's deals are those worked in the period, but its won (lost, closed) count is of deals closed in
    // the period: a deal worked in "last quarter" and won after it counts in neither the table nor this list.
    if (slice.outcome && slice.outcome !== "open") c.push(periodSql("closed", filters.range));
  }
  return sql.join(c, sql` and `);
}

interface Row {
  id: number;
  title: string | null;
  outcome: DrilldownRow["outcome"];
  stage_id: string;
  stage_name: string | null;
  lost_at: string | null;
  lost_at_name: string | null;
  reason_key: string | null;
  reason_label: string | null;
  amount: number;
  amount_missing: boolean;
  manager_id: number | null;
  manager_name: string | null;
  client_key: string | null;
  client_name: string | null;
  path: string[] | null;
  comment: string | null;
  created_at: Date | string;
  closed_at: Date | string | null;
  loss_date: Date | string | null;
}

const isoOrNull = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

type DrilldownOptions = { all?: boolean; limit?: number };

/** Which page, in which order: the URL's sort when the table offers it, else newest first. */
function pageOf(filters: Filters, options: DrilldownOptions) {
  const sortKey = (DRILLDOWN_SORTS as readonly string[]).includes(filters.sort?.key ?? "")
    ? (filters.sort?.key as DrilldownSort)
    : "date";
  const dir = filters.sort && sortKey === filters.sort.key ? filters.sort.dir : "desc";
  const limit = options.all ? (options.limit ?? 100_000) : filters.size;
  const offset = options.all ? 0 : (filters.page - 1) * filters.size;
  // Keys that are never null sort without "nulls last", so the default date order can walk deal_facts_date_idx.
  const nulls = NEVER_NULL_SORTS.has(sortKey) ? sql`` : sql` nulls last`;
  const order = sql`${ORDER[sortKey]} ${sql.raw(dir)}${nulls}, f.deal_id ${sql.raw(dir)}`;
  return { sortKey, dir, limit, offset, order };
}

/** One page of rows; on a deal_facts-only sort the page is picked from deal_facts before the joins. */
function rowsSql(where: SQL, page: ReturnType<typeof pageOf>): SQL {
  const { sortKey, order, limit, offset } = page;
  return sql`select f.deal_id as id, d.title, f.outcome, f.stage_id, cs.name as stage_name,
          f.lost_at_stage_id as lost_at, ls.name as lost_at_name, f.reason_key, f.reason_label,
          f.amount_base::float8 as amount, f.amount_missing, f.manager_id,
          case when f.manager_id is null then null else ${managerNameSql(sql`f.manager_id`)} end as manager_name,
          f.client_key, ${clientNameSql} as client_name, f.created_at, f.closed_at, f.loss_date,
          (select array_agg(coalesce(s.name, sp.stage_id) order by sp.seq) from deal_stage_spans sp
            left join stages s on s.portal_id = sp.portal_id and s.bitrix_id = sp.stage_id
            where sp.portal_id = f.portal_id and sp.deal_id = f.deal_id) as path,
          (select c.body_text from comments c where c.portal_id = f.portal_id and c.deal_id = f.deal_id
            order by c.created_at nulls last,
              case c.source when 'user_field' then 0 when 'deal_field' then 1 else 2 end, c.bitrix_id
            limit 1) as comment
        from ${
          FACTS_ONLY_SORTS.has(sortKey)
            ? sql`(select f.* from deal_facts f where ${where} order by ${order} limit ${limit} offset ${offset}) f`
            : sql`deal_facts f`
        }
        left join deals d on d.portal_id = f.portal_id and d.bitrix_id = f.deal_id
        left join stages cs on cs.portal_id = f.portal_id and cs.bitrix_id = f.stage_id
        left join stages ls on ls.portal_id = f.portal_id and ls.bitrix_id = f.lost_at_stage_id
        left join b24_users u on u.portal_id = f.portal_id and u.bitrix_id = f.manager_id
        ${FACTS_ONLY_SORTS.has(sortKey) ? sql`order by ${order}` : sql`where ${where} order by ${order} limit ${limit} offset ${offset}`}`;
}

function toDrilldownRow(r: Row, domain: string): DrilldownRow {
  return {
    dealId: r.id,
    title: r.title ?? "",
    outcome: r.outcome,
    stageId: r.stage_id,
    stageName: r.stage_name ?? r.stage_id,
    stagePath: r.path?.length ? r.path : [r.stage_name ?? r.stage_id],
    lostAtStageId: r.lost_at,
    lostAtStageName: r.lost_at === null ? null : (r.lost_at_name ?? r.lost_at),
    reasonKey: r.reason_key,
    reasonLabel: r.reason_label,
    amount: r.amount,
    amountMissing: r.amount_missing,
    managerId: r.manager_id,
    managerName: r.manager_name,
    clientKey: r.client_key,
    clientName: r.client_name,
    commentExcerpt: excerpt(r.comment),
    createdAt: new Date(r.created_at).toISOString(),
    closedAt: isoOrNull(r.closed_at),
    lossDate: isoOrNull(r.loss_date),
    url: `https://${domain}/crm/deal/details/${r.id}/`,
  };
}

async function computeDrilldown(
  db: Database,
  scope: DataScope,
  filters: Filters,
  slice: Slice,
  options: DrilldownOptions = {},
): Promise<DrilldownDto> {
  const where = await sliceSql(db, scope, filters, slice);
  const page = pageOf(filters, options);
  const [portal] = await queryRows<{ domain: string }>(
    db,
    sql`select domain from portals where id = ${scope.portalId}`,
  );
  const [count, rows] = await Promise.all([
    queryRows<{ n: number }>(db, sql`select count(*)::int as n from deal_facts f where ${where}`),
    queryRows<Row>(db, rowsSql(where, page)),
  ]);
  const total = count[0]?.n ?? 0;
  const domain = portal?.domain ?? "";
  return {
    total,
    page: options.all ? 1 : filters.page,
    size: page.limit,
    pageCount: Math.max(1, Math.ceil(total / page.limit)),
    sort: { key: page.sortKey, dir: page.dir },
    rows: rows.map((r) => toDrilldownRow(r, domain)),
  };
}

const cachedDrilldown = cachedReport("drilldown", computeDrilldown);

/**
 * The deals behind a number. A page is cached per facts version (lib/facts/cache.ts); a whole export
 * (`all`) is computed each time rather than held in memory.
 */
export function getDrilldown(
  db: Database,
  scope: DataScope,
  filters: Filters,
  slice: Slice,
  options: DrilldownOptions = {},
): Promise<DrilldownDto> {
  return options.all
    ? computeDrilldown(db, scope, filters, slice, options)
    : cachedDrilldown(db, scope, filters, slice, options);
}
