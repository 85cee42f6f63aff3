/**
 * Reasons: every loss reason including "not specified" with count, money and shares, the Pareto cumulative
 * share, the mix by month, and reason × manager. All on lost deals by loss date.
 */
import { type SQL, sql } from "drizzle-orm";
import { type Database, queryRows } from "@/db";
import { cachedReport } from "@/lib/facts/cache";
import { localMonthSql, portalMinutes } from "@/lib/facts/local-month";
import { type FactsSource, monthlyUsable, sourceFor, sourceWhere } from "@/lib/facts/monthly-read";
import { managerNameSql } from "@/lib/facts/where";
import { ratio, round } from "@/lib/stats";
import type { Filters } from "@/lib/url-state/filters";
import type { DataScope } from "./scope";

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

type Grouped = {
  g: number;
  key: string | null;
  label: string | null;
  m: string | null;
  manager: number | null;
  name: string | null;
  n: number;
  money: number;
};

/**
 * One scan of the lost deals: by reason (g = 3), by month × reason (g = 1), by reason × manager (g = 2); manager
 * names joined to the groups afterwards. On the monthly aggregate a row is a group of deals, and its months are
 * local already; on deal_facts, a deal.
 */
function groupedSql(src: FactsSource, where: SQL, filters: Filters, portalId: number): SQL {
  const month = src.monthly ? sql`f.month` : localMonthSql(sql`f.loss_date`, portalMinutes(filters.offset));
  return sql`with x as (
          select grouping(x.m, x.manager)::int as g, x.key, min(x.label) as label, x.m, x.manager,
            ${src.monthly ? sql`sum(x.n)` : sql`count(*)`}::int as n, coalesce(sum(x.amount), 0)::float8 as money
          from (select f.reason_key as key, f.reason_label as label, to_char(${month}, 'YYYY-MM') as m,
              f.manager_id as manager, ${src.monthly ? sql`f.deals as n, f.amount_sum` : sql`f.amount_base`} as amount
            from ${src.table} where ${where}) x
          group by grouping sets ((x.key), (x.m, x.key), (x.key, x.manager)))
        select x.*, case when x.g = 2 and x.manager is not null then ${managerNameSql(sql`x.manager`)} end as name
        from x left join b24_users u on x.g = 2 and u.portal_id = ${portalId} and u.bitrix_id = x.manager
        order by x.g, x.m, x.n desc, x.key`;
}

/** Every local month of the period (an open end: the first or last loss in view), as YYYY-MM. */
function monthsSql(src: FactsSource, where: SQL, filters: Filters): SQL {
  const { from, to } = filters.range;
  const localMonth = (t: SQL) => localMonthSql(t, portalMinutes(filters.offset));
  const first = from
    ? localMonth(sql`${from}::timestamptz`)
    : src.monthly
      ? sql`(select min(f.month) from ${src.table} where ${where})`
      : localMonth(sql`(select min(f.loss_date) from deal_facts f where ${where})`);
  const last = to
    ? localMonth(sql`(${to}::timestamptz - interval '1 millisecond')`)
    : src.monthly
      ? sql`(select max(f.month) from ${src.table} where ${where})`
      : localMonth(sql`(select max(f.loss_date) from deal_facts f where ${where})`);
  return sql`select to_char(g, 'YYYY-MM') as m from generate_series(
          ${first}, ${last},
          '1 month'::interval) g order by g`;
}

async function computeReasons(
  db: Database,
  scope: DataScope,
  filters: Filters,
  options: { by?: "count" | "money" } = {},
): Promise<ReasonsDto> {
  const by = options.by ?? "count";
  // The monthly aggregate when it answers exactly (lib/facts/monthly-read.ts), else deal_facts: chosen once.
  const src = sourceFor(await monthlyUsable(db, scope, filters), filters, filters.range, scope);
  const where = sourceWhere(src, scope, filters, "loss");
  const [grouped, months] = await Promise.all([
    queryRows<Grouped>(db, groupedSql(src, where, filters, scope.portalId)),
    queryRows<{ m: string }>(db, monthsSql(src, where, filters)),
  ]);
  const { reasons, totalN, totalMoney } = reasonRows(grouped, by);
  const monthN = new Map<string, number>();
  for (const r of grouped) if (r.g === 1) monthN.set(r.m as string, (monthN.get(r.m as string) ?? 0) + r.n);
  const mix = grouped
    .filter((r) => r.g === 1)
    .map((r) => ({
      month: r.m as string,
      reasonKey: r.key,
      lostDeals: r.n,
      lostMoney: round(r.money),
      share: ratio(r.n, monthN.get(r.m as string) ?? 0),
    }));
  return {
    totals: { lostDeals: totalN, lostMoney: round(totalMoney) },
    by,
    reasons,
    mix: { months: months.map((m) => m.m), rows: mix },
    byManager: byManager(grouped.filter((r) => r.g === 2)),
  };
}

/** Reasons in order of the measure ("not specified" always listed), with shares and the Pareto line. */
function reasonRows(grouped: Grouped[], by: "count" | "money") {
  const rows = grouped
    .filter((r) => r.g === 3)
    .map((r) => ({ key: r.key, label: r.label, n: r.n, money: r.money }));
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
  return { reasons, totalN, totalMoney };
}

/** Reason × manager: the managers by their lost deals, and the cells. */
function byManager(managers: Grouped[]): ReasonsDto["byManager"] {
  const perManager = new Map<number | null, { name: string | null; n: number }>();
  for (const m of managers) {
    const e = perManager.get(m.manager) ?? { name: m.name, n: 0 };
    e.n += m.n;
    perManager.set(m.manager, e);
  }
  return {
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
  };
}

/** The report, cached per facts version (lib/facts/cache.ts): the same result as a fresh computation. */
export const getReasons = cachedReport("reasons", computeReasons, { shared: true });
