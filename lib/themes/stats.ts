/**
 * Per-theme numbers for the systematised list marketing reads (/themes): lost deals and money per theme, its
 * share of all lost deals in view, the monthly trend, where (stage) and with whom (manager) those deals were
 * lost, and the most representative quotes. A deal counts once per theme however many of its comments carry it.
 */
import { type SQL, sql } from "drizzle-orm";
import { type Database, queryRows } from "@/db";
import type { DataScope } from "@/lib/analytics/scope";
import { factsWhere, intArray, localTime, managerNameSql, textArray } from "@/lib/facts/where";
import type { Filters } from "@/lib/url-state/filters";
import { keywordsQuery } from "./keywords";
import { listThemes } from "./tagging";

export const QUOTES_PER_THEME = 3;
export const TOP_PER_THEME = 3;

export interface ThemeStat {
  id: number;
  key: string;
  nameRu: string;
  nameEn: string;
  keywords: string[];
  enabled: boolean;
  builtin: boolean;
  deals: number;
  money: number;
  /** Of all lost deals in view. */
  share: number;
  moneyShare: number;
  /** Local month (YYYY-MM) → deals, every month of the data's span, zeros included. */
  trend: { month: string; deals: number }[];
  topStages: { stageId: string | null; name: string | null; deals: number }[];
  topManagers: { managerId: number | null; name: string | null; deals: number }[];
  quotes: { key: string; dealId: number; text: string }[];
  corrections: ThemeCorrections;
}

/**
 * Hand corrections of the theme on comments of the lost deals in view, and how the tagger fares on the comments
 * someone corrected ("checked": any theme added or removed there; the themes left alone count as confirmed). A
 * removed theme is a false positive, an added one a false negative, a kept automatic one a true positive.
 */
export interface ThemeCorrections {
  added: number;
  removed: number;
  /** Automatic tags of the theme kept on checked comments. */
  kept: number;
  /** kept / (kept + removed); null when the tagger gave the theme on no checked comment. */
  precision: number | null;
  /** kept / (kept + added); null when no checked comment has the theme either way. */
  recall: number | null;
}

export interface ThemeOverview {
  lostDeals: number;
  lostMoney: number;
  commentedDeals: number;
  /** Lost deals with comments that carry no theme. */
  untaggedDeals: number;
  months: string[];
  themes: ThemeStat[];
  /** Comments of lost deals in view with at least one hand correction. */
  checkedComments: number;
}

/** Lost deals in view (`lost`) and each theme's lost deals (`tagged`, a deal once per theme). */
function lostCteSql(scope: DataScope, filters: Filters): SQL {
  const where = factsWhere(scope, filters, { basis: "loss" });
  return sql`lost as (select f.deal_id, f.amount_base, f.lost_at_stage_id, f.manager_id, f.loss_date
      from deal_facts f where ${where}),
    tagged as (select distinct ct.theme_id, l.deal_id, l.amount_base, l.lost_at_stage_id, l.manager_id, l.loss_date
      from comment_themes ct join lost l on l.deal_id = ct.deal_id where ct.portal_id = ${scope.portalId})`;
}

function totalsQuery(db: Database, p: number, lostCte: SQL) {
  return queryRows<{ lost: number; money: number; commented: number; untagged: number }>(
    db,
    sql`with ${lostCte}
        select count(*)::int as lost, coalesce(sum(l.amount_base), 0)::float8 as money,
          (count(*) filter (where exists (select 1 from comments c where c.portal_id = ${p} and c.deal_id = l.deal_id)))::int as commented,
          (count(*) filter (where exists (select 1 from comments c where c.portal_id = ${p} and c.deal_id = l.deal_id)
            and not exists (select 1 from comment_themes ct where ct.portal_id = ${p} and ct.deal_id = l.deal_id)))::int as untagged
        from lost l`,
  );
}

function perThemeQuery(db: Database, lostCte: SQL) {
  return queryRows<{ theme_id: number; deals: number; money: number }>(
    db,
    sql`with ${lostCte} select theme_id, count(*)::int as deals, coalesce(sum(amount_base), 0)::float8 as money
        from tagged group by theme_id`,
  );
}

function trendQuery(db: Database, lostCte: SQL, filters: Filters) {
  const month = sql`to_char(${localTime(sql`l.loss_date`, filters)}, 'YYYY-MM')`;
  return queryRows<{ theme_id: number; month: string; deals: number }>(
    db,
    sql`with ${lostCte} select l.theme_id, ${month} as month, count(*)::int as deals
        from tagged l group by 1, 2 order by 2`,
  );
}

function topStagesQuery(db: Database, p: number, lostCte: SQL) {
  return queryRows<{ theme_id: number; stage_id: string | null; name: string | null; deals: number }>(
    db,
    sql`with ${lostCte}
        select theme_id, stage_id, name, deals from (
          select t.theme_id, t.lost_at_stage_id as stage_id, s.name, count(*)::int as deals,
            row_number() over (partition by t.theme_id order by count(*) desc, t.lost_at_stage_id nulls last) as rn
          from tagged t left join stages s on s.portal_id = ${p} and s.bitrix_id = t.lost_at_stage_id
          group by t.theme_id, t.lost_at_stage_id, s.name) x
        where rn <= ${TOP_PER_THEME} order by theme_id, rn`,
  );
}

function topManagersQuery(db: Database, p: number, lostCte: SQL) {
  return queryRows<{ theme_id: number; manager_id: number | null; name: string | null; deals: number }>(
    db,
    sql`with ${lostCte}
        select theme_id, manager_id, name, deals from (
          select t.theme_id, t.manager_id,
            case when t.manager_id is null then null else ${managerNameSql(sql`t.manager_id`)} end as name,
            count(*)::int as deals,
            row_number() over (partition by t.theme_id order by count(*) desc, t.manager_id nulls last) as rn
          from tagged t left join b24_users u on u.portal_id = ${p} and u.bitrix_id = t.manager_id
          group by t.theme_id, t.manager_id, u.name, u.last_name) x
        where rn <= ${TOP_PER_THEME} order by theme_id, rn`,
  );
}

type CorrectionRow = {
  theme_id: number | null;
  added: number;
  removed: number;
  kept: number;
  checked: number;
};

/** Per theme: hand additions and removals, and automatic tags kept on checked comments; theme null = the total. */
function correctionsQuery(db: Database, p: number, lostCte: SQL) {
  return queryRows<CorrectionRow>(
    db,
    sql`with ${lostCte},
          o as (select o.* from comment_theme_overrides o join lost l on l.deal_id = o.deal_id where o.portal_id = ${p}),
          checked as (select distinct comment_source, comment_bitrix_id from o),
          kept as (select ct.theme_id, count(*)::int as n from comment_themes ct
            join checked c on c.comment_source = ct.comment_source and c.comment_bitrix_id = ct.comment_bitrix_id
            where ct.portal_id = ${p} and not exists (select 1 from o where o.action = 'add'
              and o.comment_source = ct.comment_source and o.comment_bitrix_id = ct.comment_bitrix_id
              and o.theme_id = ct.theme_id)
            group by ct.theme_id),
          per as (select theme_id, (count(*) filter (where action = 'add'))::int as added,
            (count(*) filter (where action = 'remove'))::int as removed from o group by theme_id)
        select coalesce(per.theme_id, kept.theme_id) as theme_id, coalesce(per.added, 0) as added,
          coalesce(per.removed, 0) as removed, coalesce(kept.n, 0) as kept, 0 as checked
        from per full join kept on kept.theme_id = per.theme_id
        union all select null, 0, 0, 0, (select count(*)::int from checked)`,
  );
}

function correctionsOf(rows: CorrectionRow[], themeId: number): ThemeCorrections {
  const r = rows.find((x) => x.theme_id === themeId);
  const added = r?.added ?? 0;
  const removed = r?.removed ?? 0;
  const kept = r?.kept ?? 0;
  return {
    added,
    removed,
    kept,
    precision: kept + removed > 0 ? kept / (kept + removed) : null,
    recall: kept + added > 0 ? kept / (kept + added) : null,
  };
}

type QuoteRow = { theme_id: number; source: string; bitrix_id: number; deal_id: number; text: string };

function quotesQuery(
  db: Database,
  p: number,
  lostCte: SQL,
  queries: { id: number; query: string }[],
): Promise<QuoteRow[]> {
  if (!queries.length) return Promise.resolve([]);
  return queryRows<QuoteRow>(
    db,
    // Representative: matches the theme's words most densely, short enough to quote, one per wording.
    sql`with ${lostCte},
            tq as (select q.id, to_tsquery('russian', q.t) as q
              from unnest(${intArray(queries.map((q) => q.id))}::int[], ${textArray(queries.map((q) => q.query))}::text[]) as q(id, t))
            select tq.id as theme_id, x.source, x.bitrix_id, x.deal_id, x.text
            from tq cross join lateral (
              select distinct on (lower(c.body_text)) c.source, c.bitrix_id, c.deal_id, c.body_text as text,
                ts_rank_cd(c.search, tq.q) / (1 + length(c.body_text) / 80.0) as score
              from comment_themes ct
              join comments c on c.portal_id = ct.portal_id and c.source = ct.comment_source and c.bitrix_id = ct.comment_bitrix_id
              join lost l on l.deal_id = ct.deal_id
              where ct.portal_id = ${p} and ct.theme_id = tq.id and length(c.body_text) <= 300
              order by lower(c.body_text), score desc
            ) x
            order by tq.id, x.score desc, x.text`,
  );
}

export async function getThemeOverview(
  db: Database,
  scope: DataScope,
  filters: Filters,
): Promise<ThemeOverview> {
  const p = scope.portalId;
  const lostCte = lostCteSql(scope, filters);
  const themeRows = await listThemes(db, p);
  const queries = themeRows
    .map((t) => ({ id: t.id, query: keywordsQuery(t.keywords) }))
    .filter((t): t is { id: number; query: string } => t.query !== null);
  const [totals, perTheme, trend, stages, managers, quotes, corrections] = await Promise.all([
    totalsQuery(db, p, lostCte),
    perThemeQuery(db, lostCte),
    trendQuery(db, lostCte, filters),
    topStagesQuery(db, p, lostCte),
    topManagersQuery(db, p, lostCte),
    quotesQuery(db, p, lostCte, queries),
    correctionsQuery(db, p, lostCte),
  ]);
  const total = totals[0] ?? { lost: 0, money: 0, commented: 0, untagged: 0 };
  const months = [...new Set(trend.map((r) => r.month))].sort();
  const allMonths = months.length ? monthRange(months[0] as string, months[months.length - 1] as string) : [];
  const stats: ThemeStat[] = themeRows.map((t) => {
    const row = perTheme.find((r) => r.theme_id === t.id);
    const deals = row?.deals ?? 0;
    const money = row?.money ?? 0;
    return {
      id: t.id,
      key: t.key,
      nameRu: t.nameRu,
      nameEn: t.nameEn,
      keywords: t.keywords,
      enabled: t.enabled,
      builtin: t.builtin,
      deals,
      money,
      share: total.lost ? deals / total.lost : 0,
      moneyShare: total.money ? money / total.money : 0,
      trend: allMonths.map((m) => ({
        month: m,
        deals: trend.find((r) => r.theme_id === t.id && r.month === m)?.deals ?? 0,
      })),
      topStages: stages
        .filter((r) => r.theme_id === t.id)
        .map((r) => ({ stageId: r.stage_id, name: r.name, deals: r.deals })),
      topManagers: managers
        .filter((r) => r.theme_id === t.id)
        .map((r) => ({ managerId: r.manager_id, name: r.name, deals: r.deals })),
      quotes: quotes
        .filter((r) => r.theme_id === t.id)
        .slice(0, QUOTES_PER_THEME)
        .map((r) => ({ key: `${r.source}:${r.bitrix_id}`, dealId: r.deal_id, text: r.text })),
      corrections: correctionsOf(corrections, t.id),
    };
  });
  stats.sort((a, b) => b.deals - a.deals || b.money - a.money || a.id - b.id);
  return {
    lostDeals: total.lost,
    lostMoney: total.money,
    commentedDeals: total.commented,
    untaggedDeals: total.untagged,
    months: allMonths,
    themes: stats,
    checkedComments: corrections.find((r) => r.theme_id === null)?.checked ?? 0,
  };
}

/** Every YYYY-MM from a to b inclusive. */
export function monthRange(a: string, b: string): string[] {
  const out: string[] = [];
  let [y, m] = a.split("-").map(Number) as [number, number];
  const [by, bm] = b.split("-").map(Number) as [number, number];
  while (y < by || (y === by && m <= bm)) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
    if (out.length > 600) break;
  }
  return out;
}
