/**
 * The SQL behind the content brief that the /themes overview does not already answer: each theme's lost deals in
 * the previous period, the (canonical) reasons recorded on its deals, the competitors its comments name, a
 * sample of its comments to quote, and the portal's people (users, contacts) whose names must not be quoted.
 * Every query is scoped like the reports: the viewer's data scope and the URL's filters, loss-date basis.
 */
import { type SQL, sql } from "drizzle-orm";
import { type Database, queryRows } from "@/db";
import type { DataScope } from "@/lib/analytics/scope";
import { factsWhere } from "@/lib/facts/where";
import type { Filters } from "@/lib/url-state/filters";
import type { DateRange } from "@/lib/url-state/period";

/** Comments sampled per theme: enough for stable phrase counts, few enough to compare pairwise. */
export const SAMPLE_PER_THEME = 300;
export const TOP_REASONS = 3;
export const TOP_COMPETITORS = 3;

/** Each theme's lost deals in view, a deal once per theme. */
function taggedCte(scope: DataScope, filters: Filters, range?: DateRange): SQL {
  const where = factsWhere(scope, filters, { basis: "loss", range });
  return sql`lost as (select f.deal_id, f.amount_base, f.reason_key, f.reason_label from deal_facts f where ${where}),
    tagged as (select distinct ct.theme_id, l.deal_id, l.amount_base, l.reason_key, l.reason_label
      from comment_themes ct join lost l on l.deal_id = ct.deal_id where ct.portal_id = ${scope.portalId})`;
}

export function dealsPerTheme(db: Database, scope: DataScope, filters: Filters, range: DateRange) {
  return queryRows<{ theme_id: number; deals: number }>(
    db,
    sql`with ${taggedCte(scope, filters, range)} select theme_id, count(*)::int as deals from tagged group by 1`,
  );
}

export function reasonsPerTheme(db: Database, scope: DataScope, filters: Filters) {
  return queryRows<{ theme_id: number; label: string | null; deals: number }>(
    db,
    sql`with ${taggedCte(scope, filters)}
        select theme_id, label, deals from (
          select theme_id, min(reason_label) as label, count(*)::int as deals,
            row_number() over (partition by theme_id order by count(*) desc, reason_key nulls last) as rn
          from tagged group by theme_id, reason_key) x
        where rn <= ${TOP_REASONS} order by theme_id, rn`,
  );
}

export function competitorsPerTheme(db: Database, scope: DataScope, filters: Filters) {
  return queryRows<{ theme_id: number; name: string; mentions: number; deals: number; money: number }>(
    db,
    sql`with ${taggedCte(scope, filters)},
        m as (select t.theme_id, cc.competitor_id, t.deal_id, t.amount_base, count(*)::int as n
          from tagged t join comment_competitors cc on cc.portal_id = ${scope.portalId} and cc.deal_id = t.deal_id
          group by 1, 2, 3, 4)
        select theme_id, name, mentions, deals, money from (
          select m.theme_id, k.name, sum(m.n)::int as mentions, count(*)::int as deals,
            coalesce(sum(m.amount_base), 0)::float8 as money,
            row_number() over (partition by m.theme_id order by count(*) desc, sum(m.n) desc, k.name) as rn
          from m join competitors k on k.portal_id = ${scope.portalId} and k.id = m.competitor_id group by m.theme_id, k.name) x
        where rn <= ${TOP_COMPETITORS} order by theme_id, rn`,
  );
}

/**
 * Up to SAMPLE_PER_THEME distinct comments per theme, spread over the theme by a hash of the text (not the
 * newest, not the shortest), so phrase counts and typicality speak for the whole theme.
 */
export function commentSample(db: Database, scope: DataScope, filters: Filters) {
  return queryRows<{ theme_id: number; source: string; bitrix_id: number; deal_id: number; text: string }>(
    db,
    sql`with ${taggedCte(scope, filters)},
        c as (select distinct on (ct.theme_id, lower(c.body_text)) ct.theme_id, c.source, c.bitrix_id,
            c.deal_id, c.body_text as text
          from comment_themes ct
          join comments c on c.portal_id = ct.portal_id and c.source = ct.comment_source
            and c.bitrix_id = ct.comment_bitrix_id
          join lost l on l.deal_id = ct.deal_id
          where ct.portal_id = ${scope.portalId} and length(c.body_text) between 3 and 2000
          order by ct.theme_id, lower(c.body_text), c.source, c.bitrix_id)
        select theme_id, source, bitrix_id, deal_id, text from (
          select c.*, row_number() over (partition by theme_id order by md5(text), bitrix_id) as rn from c) x
        where rn <= ${SAMPLE_PER_THEME} order by theme_id, rn`,
  );
}

/** The name parts of the portal's users and contacts (three letters or more, lower-cased). */
export async function portalPeople(db: Database, portalId: number): Promise<string[]> {
  const rows = await queryRows<{ w: string }>(
    db,
    sql`select distinct lower(w) as w from (
          select unnest(array[name, last_name, second_name]) as w from b24_users where portal_id = ${portalId}
          union all
          select unnest(array[name, last_name, second_name]) from contacts where portal_id = ${portalId}) s
        where w is not null and length(w) >= 3 limit 200000`,
  );
  return rows.map((r) => r.w);
}

/** Competitor names and spelling variants, lower-cased: never mistaken for a person's name. */
export async function competitorWords(db: Database, portalId: number): Promise<string[]> {
  const rows = await queryRows<{ w: string }>(
    db,
    sql`select distinct lower(w) as w from (
          select name as w from competitors where portal_id = ${portalId}
          union all select unnest(variants) from competitors where portal_id = ${portalId}) s`,
  );
  return rows.flatMap((r) => r.w.split(/\s+/));
}
