/**
 * A `reasons` filter as the reports read it: every value canonical. A raw key ("stage:…", "field:…", from a link
 * made before canonical reasons) becomes the canonical reason it maps to ("none" when it maps to none); a merged
 * reason becomes its survivor. Anything unknown stays as it is and matches no deal.
 */
import { sql } from "drizzle-orm";
import { type DbOrTx, queryRows, textArray } from "@/db";
import { REASON_NONE } from "@/lib/url-state/filters";

const RAW = /^(stage|field):/;
const CANONICAL = /^r:(\d+)$/;

export async function resolveReasonFilter(
  db: DbOrTx,
  portalId: number,
  reasons: readonly string[],
): Promise<string[]> {
  const raws = reasons.filter((r) => RAW.test(r));
  const ids = reasons.flatMap((r) => CANONICAL.exec(r)?.[1] ?? []).map(Number);
  if (raws.length === 0 && ids.length === 0) return [...reasons];
  // A raw key → its reason id; any reason (raw-mapped or named) → its survivor, following merged_into (a merge
  // flattens chains, so one or two hops; the depth bound only guards against a bad row).
  const rows = await queryRows<{ k: string; to: string }>(
    db,
    sql`with recursive start as (
        select m.raw_key as k, m.reason_id as id from loss_reason_map m
          where m.portal_id = ${portalId} and m.raw_key = any(${textArray(raws)}::text[])
        union all
        select 'r:' || r.id, r.id from loss_reasons r
          where r.portal_id = ${portalId} and ('r:' || r.id) = any(${textArray(reasons.filter((r) => CANONICAL.test(r)))}::text[])
      ), hop(k, id, depth) as (
        select k, id, 0 from start
        union all
        select h.k, r.merged_into, h.depth + 1 from hop h join loss_reasons r on r.portal_id = ${portalId} and r.id = h.id
          where r.merged_into is not null and h.depth < 16
      )
      select distinct on (k) k, coalesce('r:' || id, ${REASON_NONE}) as "to" from hop order by k, depth desc`,
  );
  const to = new Map(rows.map((r) => [r.k, r.to]));
  return [...new Set(reasons.map((r) => to.get(r) ?? r))].sort();
}
