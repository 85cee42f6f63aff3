/**
 * The team rule is that every lost deal gets a short comment: lost deals in view with no comment at all,
 * per manager, most missing first, with the first few deals to open.
 */
import { sql } from "drizzle-orm";
import { type Database, queryRows } from "@/db";
import type { DataScope } from "@/lib/analytics/scope";
import { factsWhere, managerNameSql } from "@/lib/facts/where";
import type { Filters } from "@/lib/url-state/filters";

export interface MissingDeal {
  dealId: number;
  title: string;
  amount: number;
  bitrixUrl: string;
}

export interface MissingRow {
  managerId: number | null;
  managerName: string | null;
  lost: number;
  missing: number;
  share: number;
  money: number;
  deals: MissingDeal[];
}

export interface MissingComments {
  lost: number;
  missing: number;
  managers: MissingRow[];
}

export const MISSING_DEALS_SHOWN = 5;

export async function getMissingComments(
  db: Database,
  scope: DataScope,
  filters: Filters,
): Promise<MissingComments> {
  const where = factsWhere(scope, filters, { basis: "loss" });
  const rows = await queryRows<{
    manager_id: number | null;
    manager_name: string | null;
    lost: number;
    missing: number;
    money: number;
    deals: { id: number; title: string | null; amount: number }[] | null;
    domain: string | null;
  }>(
    db,
    sql`with x as (
        select f.deal_id, f.manager_id, f.amount_base, f.loss_date, f.portal_id,
          not exists (select 1 from comments c where c.portal_id = f.portal_id and c.deal_id = f.deal_id) as missing
        from deal_facts f where ${where}
      )
      select x.manager_id,
        case when x.manager_id is null then null else ${managerNameSql(sql`x.manager_id`)} end as manager_name,
        count(*)::int as lost, (count(*) filter (where x.missing))::int as missing,
        coalesce(sum(x.amount_base) filter (where x.missing), 0)::float8 as money,
        (array_agg(json_build_object('id', x.deal_id, 'title', d.title, 'amount', x.amount_base::float8)
          order by x.loss_date desc, x.deal_id desc) filter (where x.missing))[1:${MISSING_DEALS_SHOWN}] as deals,
        (select domain from portals where id = ${scope.portalId}) as domain
      from x
      left join deals d on d.portal_id = x.portal_id and d.bitrix_id = x.deal_id
      left join b24_users u on u.portal_id = x.portal_id and u.bitrix_id = x.manager_id
      group by x.manager_id, u.name, u.last_name
      order by 4 desc, 3 desc, x.manager_id nulls last`,
  );
  const managers = rows.map((r) => ({
    managerId: r.manager_id,
    managerName: r.manager_name,
    lost: r.lost,
    missing: r.missing,
    share: r.lost ? r.missing / r.lost : 0,
    money: r.money,
    deals: (r.deals ?? []).map((d) => ({
      dealId: d.id,
      title: d.title ?? `#${d.id}`,
      amount: d.amount,
      bitrixUrl: `https://${r.domain ?? ""}/crm/deal/details/${d.id}/`,
    })),
  }));
  return {
    lost: managers.reduce((n, m) => n + m.lost, 0),
    missing: managers.reduce((n, m) => n + m.missing, 0),
    managers,
  };
}
