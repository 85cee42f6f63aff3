/**
 * Reasons: every loss reason including "not specified" with count, money and shares, the Pareto cumulative
 * share, the mix by month, and reason × manager. All on lost deals by loss date.
 */
import { sql } from "drizzle-orm";
import { type Database, queryRows } from "@/db";
import type { Filters } from "@/lib/filters";
import { ratio, round } from "@/lib/stats";
import type { DataScope } from "./scope";
import { factsWhere, localTime, managerNameSql } from "./where";

export interface ReasonRow {
  /** null = not specified (always listed, even at 0). */
  reasonKey: string | null;
  /** The reason's name; null for "not specified" (the UI says «Не указана» / "Not specified"). */
  label: string | null;
  lostDeals: number;
  lostMoney: number;
  share: number | null;
  moneyShare: number | null;
  /** Pareto: running share of the ordering measure, in row order. */
  cumulativeShare: number | null;
}

export interface ReasonsDto {
  totals: { lostDeals: number; lostMoney: number };
  /** The measure the rows (and the Pareto line) are ordered by. */
  by: "count" | "money";
  reasons: ReasonRow[];
  mix: {
    /** Every month of the period, YYYY-MM (local). */
    months: string[];
    rows: {
      month: string;
      reasonKey: string | null;
      lostDeals: number;
      lostMoney: number;
      share: number | null;
    }[];
  };
  byManager: {
    managers: { managerId: number | null; name: string | null; lostDeals: number }[];
    cells: { reasonKey: string | null; managerId: number | null; lostDeals: number; lostMoney: number }[];
  };
}

export async function getReasons(
  db: Database,
  scope: DataScope,
  filters: Filters,
  options: { by?: "count" | "money" } = {},
): Promise<ReasonsDto> {
  const by = options.by ?? "count";
  const where = factsWhere(scope, filters, { basis: "loss" });
  const month = sql`date_trunc('month', ${localTime(sql`f.loss_date`, filters)})`;
  const { from, to } = filters.range;
  const first = from
    ? sql`${from}::timestamptz`
    : sql`(select min(f.loss_date) from deal_facts f where ${where})`;
  const last = to
    ? sql`(${to}::timestamptz - interval '1 millisecond')`
    : sql`(select max(f.loss_date) from deal_facts f where ${where})`;
  const [rows, months, mix, managers] = await Promise.all([
    queryRows<{ key: string | null; label: string | null; n: number; money: number }>(
      db,
      sql`select f.reason_key as key, min(f.reason_label) as label, count(*)::int as n,
          coalesce(sum(f.amount_base), 0)::float8 as money
        from deal_facts f where ${where} group by f.reason_key`,
    ),
    queryRows<{ m: string }>(
      db,
      sql`select to_char(g, 'YYYY-MM') as m from generate_series(
          date_trunc('month', ${localTime(first, filters)}), date_trunc('month', ${localTime(last, filters)}),
          '1 month'::interval) g order by g`,
    ),
    queryRows<{ m: string; key: string | null; n: number; money: number; month_n: number }>(
      db,
      sql`select m, key, count(*)::int as n, coalesce(sum(amount), 0)::float8 as money,
          (sum(count(*)) over (partition by m))::int as month_n
        from (select to_char(${month}, 'YYYY-MM') as m, f.reason_key as key, f.amount_base as amount
          from deal_facts f where ${where}) x
        group by m, key order by m, n desc, key`,
    ),
    queryRows<{ key: string | null; manager: number | null; name: string | null; n: number; money: number }>(
      db,
      sql`select f.reason_key as key, f.manager_id as manager,
          case when f.manager_id is null then null else min(${managerNameSql(sql`f.manager_id`)}) end as name,
          count(*)::int as n, coalesce(sum(f.amount_base), 0)::float8 as money
        from deal_facts f left join b24_users u on u.portal_id = f.portal_id and u.bitrix_id = f.manager_id
        where ${where} group by f.reason_key, f.manager_id`,
    ),
  ]);
  const totalN = rows.reduce((a, r) => a + r.n, 0);
  const totalMoney = rows.reduce((a, r) => a + r.money, 0);
  if (!rows.some((r) => r.key === null)) rows.push({ key: null, label: null, n: 0, money: 0 });
  const measure = (r: { n: number; money: number }) => (by === "count" ? r.n : r.money);
  rows.sort(
    (a, b) =>
      measure(b) - measure(a) ||
      (by === "count" ? b.money - a.money : b.n - a.n) ||
      (a.key === null ? 1 : b.key === null ? -1 : a.key.localeCompare(b.key)),
  );
  let running = 0;
  const reasons = rows.map((r) => {
    running += measure(r);
    return {
      reasonKey: r.key,
      label: r.key === null ? null : (r.label ?? r.key),
      lostDeals: r.n,
      lostMoney: round(r.money),
      share: ratio(r.n, totalN),
      moneyShare: ratio(r.money, totalMoney),
      cumulativeShare: ratio(running, by === "count" ? totalN : totalMoney),
    };
  });
  const perManager = new Map<number | null, { name: string | null; n: number }>();
  for (const m of managers) {
    const e = perManager.get(m.manager) ?? { name: m.name, n: 0 };
    e.n += m.n;
    perManager.set(m.manager, e);
  }
  return {
    totals: { lostDeals: totalN, lostMoney: round(totalMoney) },
    by,
    reasons,
    mix: {
      months: months.map((m) => m.m),
      rows: mix.map((r) => ({
        month: r.m,
        reasonKey: r.key,
        lostDeals: r.n,
        lostMoney: round(r.money),
        share: ratio(r.n, r.month_n),
      })),
    },
    byManager: {
      managers: [...perManager]
        .map(([managerId, e]) => ({ managerId, name: e.name, lostDeals: e.n }))
        .sort((a, b) => b.lostDeals - a.lostDeals || (a.managerId ?? 0) - (b.managerId ?? 0)),
      cells: managers
        .map((m) => ({ reasonKey: m.key, managerId: m.manager, lostDeals: m.n, lostMoney: round(m.money) }))
        .sort(
          (a, b) =>
            (a.managerId ?? 0) - (b.managerId ?? 0) ||
            b.lostDeals - a.lostDeals ||
            String(a.reasonKey).localeCompare(String(b.reasonKey)),
        ),
    },
  };
}
