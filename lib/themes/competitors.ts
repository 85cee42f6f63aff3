/**
 * Competitors named in the comments of lost deals in view — mentions, deals and money lost to each — and the
 * "reason vs comment" check: lost deals whose recorded reason says nothing (none, or a generic failure stage) or
 * is contradicted by their comments, counted per manager — the loss capture definitions of lib/reasons/capture.ts.
 */
import { sql } from "drizzle-orm";
import { type Database, queryRows } from "@/db";
import type { DataScope } from "@/lib/analytics/scope";
import { factsWhere, managerNameSql } from "@/lib/facts/where";
import { captureSql } from "@/lib/reasons/capture";
import type { Filters } from "@/lib/url-state/filters";

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
  /** No reason, or a generic one (not specified), while the comment names a theme. */
  vague: number;
  /** The comment contradicts the reason: the canonical reason's theme is not among the comment's themes. */
  mismatch: number;
  share: number;
  deals: DisagreementDeal[];
}

/**
 * Reason vs comment per manager, on the deals whose comments carry a theme. The same definitions as loss capture
 * quality (lib/reasons/capture.ts), so the themes page and the Managers report never disagree: vague = no reason
 * or a generic one, mismatch = "contradicts".
 */
export async function getReasonDisagreement(
  db: Database,
  scope: DataScope,
  filters: Filters,
): Promise<DisagreementRow[]> {
  const where = factsWhere(scope, filters, { basis: "loss" });
  const rows = await queryRows<{
    manager_id: number | null;
    manager_name: string | null;
    deal_id: number;
    reason_label: string | null;
    comment_themes: string[];
    vague: boolean;
    mismatch: boolean;
  }>(
    db,
    sql`select f.manager_id,
        case when f.manager_id is null then null else ${managerNameSql(sql`f.manager_id`)} end as manager_name,
        f.deal_id, f.reason_label,
        array(select distinct th.key from comment_themes ct join themes th on th.portal_id = ct.portal_id and th.id = ct.theme_id
          where ct.portal_id = f.portal_id and ct.deal_id = f.deal_id order by th.key) as comment_themes,
        (${captureSql("no_reason")} or ${captureSql("generic")}) as vague, ${captureSql("contradicts")} as mismatch
      from deal_facts f left join b24_users u on u.portal_id = f.portal_id and u.bitrix_id = f.manager_id
      where ${where} and f.outcome = 'lost'
        and exists (select 1 from comment_themes ct where ct.portal_id = f.portal_id and ct.deal_id = f.deal_id)
      order by f.manager_id nulls last, f.deal_id`,
  );
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
    if (r.vague) m.vague += 1;
    if (r.mismatch) m.mismatch += 1;
    if (r.vague || r.mismatch)
      m.deals.push({
        dealId: r.deal_id,
        reasonLabel: r.reason_label,
        commentThemes: r.comment_themes,
        kind: r.vague ? "vague" : "mismatch",
      });
  }
  const out = [...byManager.values()].map((m) => ({
    ...m,
    share: m.themed ? (m.vague + m.mismatch) / m.themed : 0,
  }));
  out.sort((a, b) => b.vague + b.mismatch - (a.vague + a.mismatch) || b.themed - a.themed);
  return out;
}
