/**
 * Competitors named in the comments of lost deals in view — mentions, deals and money lost to each — and the
 * "reason vs comment" check: lost deals whose recorded reason says nothing ("Не указана", "Другое") or says
 * something else than their comments do, counted per manager as a data-quality signal.
 */
import { sql } from "drizzle-orm";
import { type Database, queryRows } from "@/db";
import type { DataScope } from "@/lib/analytics/scope";
import { factsWhere, intArray, managerNameSql, textArray } from "@/lib/facts/where";
import type { Filters } from "@/lib/url-state/filters";
import { keywordsQuery } from "./keywords";
import { listThemes } from "./tagging";

export interface CompetitorStat {
  id: number;
  name: string;
  variants: string[];
  mentions: number;
  deals: number;
  money: number;
}

export async function getCompetitorStats(
  db: Database,
  scope: DataScope,
  filters: Filters,
): Promise<CompetitorStat[]> {
  const where = factsWhere(scope, filters, { basis: "loss" });
  const rows = await queryRows<{
    id: number;
    name: string;
    variants: string[];
    mentions: number;
    deals: number;
    money: number;
  }>(
    db,
    sql`with lost as (select f.deal_id, f.amount_base from deal_facts f where ${where}),
      m as (select cc.competitor_id, cc.deal_id, count(*)::int as n
        from comment_competitors cc join lost l on l.deal_id = cc.deal_id
        where cc.portal_id = ${scope.portalId} group by 1, 2)
      select k.id, k.name, k.variants, coalesce(sum(m.n), 0)::int as mentions, count(m.deal_id)::int as deals,
        coalesce(sum(l.amount_base), 0)::float8 as money
      from competitors k
      left join m on m.competitor_id = k.id
      left join lost l on l.deal_id = m.deal_id
      where k.portal_id = ${scope.portalId}
      group by k.id, k.name, k.variants
      order by deals desc, money desc, k.name`,
  );
  return rows;
}

/** A recorded reason that says nothing about why: not specified, "other", "прочее". */
const VAGUE_REASON = "^\\s*(друг|прочее|иное|не указ|нет причин|other|unknown|n/?a)";

export interface DisagreementDeal {
  dealId: number;
  reasonLabel: string | null;
  /** Theme keys the comments carry. */
  commentThemes: string[];
  kind: "vague" | "mismatch";
}

export interface DisagreementRow {
  managerId: number | null;
  managerName: string | null;
  /** Lost deals in view whose comments carry at least one theme. */
  themed: number;
  /** Reason not specified or "other" while the comment names a theme. */
  vague: number;
  /** The reason's own theme is not among the comment's themes. */
  mismatch: number;
  share: number;
  deals: DisagreementDeal[];
}

export async function getReasonDisagreement(
  db: Database,
  scope: DataScope,
  filters: Filters,
): Promise<DisagreementRow[]> {
  const where = factsWhere(scope, filters, { basis: "loss" });
  const p = scope.portalId;
  const themes = (await listThemes(db, p)).filter((t) => t.enabled);
  const queries = themes
    .map((t) => ({ id: t.id, query: keywordsQuery(t.keywords) }))
    .filter((t): t is { id: number; query: string } => t.query !== null);
  const reasonThemes = queries.length
    ? sql`(select array_agg(tq.id) from tq where to_tsvector('russian', coalesce(x.reason_label, '')) @@ tq.q)`
    : sql`null::int[]`;
  const rows = await queryRows<{
    manager_id: number | null;
    manager_name: string | null;
    deal_id: number;
    reason_label: string | null;
    reason_key: string | null;
    comment_themes: number[];
    reason_themes: number[] | null;
  }>(
    db,
    sql`with tq as (select q.id, to_tsquery('russian', q.t) as q
        from unnest(${intArray(queries.map((q) => q.id))}::int[], ${textArray(queries.map((q) => q.query))}::text[]) as q(id, t)),
      x as (select f.deal_id, f.manager_id, f.reason_key, f.reason_label,
          (select array_agg(distinct ct.theme_id) from comment_themes ct
            where ct.portal_id = f.portal_id and ct.deal_id = f.deal_id) as comment_themes
        from deal_facts f where ${where})
      select x.manager_id,
        case when x.manager_id is null then null else ${managerNameSql(sql`x.manager_id`)} end as manager_name,
        x.deal_id, x.reason_label, x.reason_key, x.comment_themes, ${reasonThemes} as reason_themes
      from x left join b24_users u on u.portal_id = ${p} and u.bitrix_id = x.manager_id
      where x.comment_themes is not null
      order by x.manager_id nulls last, x.deal_id`,
  );
  const keyOf = new Map(themes.map((t) => [t.id, t.key]));
  const vagueRe = new RegExp(VAGUE_REASON, "i");
  const byManager = new Map<string, DisagreementRow>();
  for (const r of rows) {
    const k = String(r.manager_id);
    let m = byManager.get(k);
    if (!m) {
      m = {
        managerId: r.manager_id,
        managerName: r.manager_name,
        themed: 0,
        vague: 0,
        mismatch: 0,
        share: 0,
        deals: [],
      };
      byManager.set(k, m);
    }
    m.themed += 1;
    const commentThemes = r.comment_themes.map((id) => keyOf.get(id) ?? String(id));
    const vague = r.reason_key === null || vagueRe.test(r.reason_label ?? "");
    const reasonThemes = r.reason_themes ?? [];
    const mismatch =
      !vague && reasonThemes.length > 0 && !reasonThemes.some((id) => r.comment_themes.includes(id));
    if (vague) m.vague += 1;
    if (mismatch) m.mismatch += 1;
    if (vague || mismatch)
      m.deals.push({
        dealId: r.deal_id,
        reasonLabel: r.reason_label,
        commentThemes,
        kind: vague ? "vague" : "mismatch",
      });
  }
  const out = [...byManager.values()].map((m) => ({
    ...m,
    share: m.themed ? (m.vague + m.mismatch) / m.themed : 0,
  }));
  out.sort((a, b) => b.vague + b.mismatch - (a.vague + a.mismatch) || b.themed - a.themed);
  return out;
}
