/**
 * One search pass for one match condition: the capped count and the page of comments side by side, then each
 * row as the browser shows it. Relevance ranks a bounded candidate set (the newest RELEVANCE_CANDIDATES matches);
 * date and amount order every match; exports rank every match.
 */
import { type SQL, sql } from "drizzle-orm";
import { type Database, queryRows } from "@/db";
import { managerNameSql } from "@/lib/facts/where";
import type { CommentSort } from "@/lib/url-state/comments";
import type { Cursor } from "./cursor";
import { clipSegments, HL_LT, HL_START, HL_STOP, markSubstring, segmentsFromMarked } from "./highlight";
import type { CommentRow } from "./search";
import { FROM_SEARCH } from "./search-where";

/** Totals are exact up to this many comments, then shown as "10 000+" (an exact count of 1M joined rows costs ~0.5 s). */
export const COUNT_CAP = 10_000;
/** Relevance ranks this many of the newest matches (a common word matches 100k+ comments at 1M). */
export const RELEVANCE_CANDIDATES = 2_000;

/** What every pass of one search shares: the filters as SQL, the sort, the cursor and the page size. */
export interface SearchPlan {
  /** Every filter, on comment_search `s` joined to deal_facts `f`. */
  base: SQL;
  /** comment_search's own columns carry every filter (searchTableCovers): counts and candidates skip the join. */
  covered: boolean;
  countFrom: SQL;
  countWhere: SQL;
  sort: { key: CommentSort; dir: "asc" | "desc" };
  cursor: Cursor | null;
  limit: number;
  /** Export: every match, exact count, no cursor. */
  all: boolean;
  /** Exact phrase first: a comment holding the typed words in this order (any word forms) outranks the rest. */
  phraseBonus: SQL;
}

export interface Row {
  source: CommentRow["source"];
  bitrix_id: number;
  deal_id: number;
  title: string | null;
  author_id: number | null;
  author_name: string | null;
  created_at: Date | string | null;
  body_text: string;
  marked: string | null;
  outcome: CommentRow["outcome"];
  amount: number;
  reason_key: string | null;
  reason_label: string | null;
  lost_at: string | null;
  lost_at_name: string | null;
  manager_id: number | null;
  manager_name: string | null;
  prior_win: boolean;
  loss_date: Date | string | null;
  theme_tags: { id: number; evidence: string | null; hand: boolean }[] | null;
  rank: number | null;
  sort_value: string | null;
}

const COLUMNS = sql`s.portal_id, s.source, s.bitrix_id, s.deal_id, s.author_id, s.created_at,
    f.outcome, f.amount_base::float8 as amount, f.reason_key, f.reason_label,
    f.lost_at_stage_id as lost_at, f.manager_id, f.had_prior_win as prior_win, f.loss_date`;

const castValue: Record<CommentSort, (v: string) => SQL> = {
  relevance: (v) => sql`${v}::float8`,
  date: (v) => sql`${v}::timestamptz`,
  amount: (v) => sql`${v}::numeric`,
};

/**
 * Count (capped) and the page for one match condition, side by side — or, with `countFirst`, the count first,
 * so that when matches are few (≤ COUNT_CAP) the relevance candidates are read from the GIN bitmap and sorted
 * rather than by walking the newest-first index, which the planner may prefer under the LIMIT and which reads
 * the whole index when the matches are rare (the typo fallback's OR-ed words are estimated far too common).
 */
export async function runSearchPass(
  db: Database,
  plan: SearchPlan,
  match: SQL,
  tsq: SQL | null,
  highlight: boolean,
  countFirst = false,
): Promise<[{ n: number }[], Row[]]> {
  const countSql = plan.all
    ? sql`select count(*)::int as n from ${FROM_SEARCH} where ${plan.base} and ${match}`
    : sql`select count(*)::int as n from (select 1 from ${plan.countFrom} where ${plan.countWhere} and ${match}
          limit ${COUNT_CAP + 1}) x`;
  const counted = countFirst ? await queryRows<{ n: number }>(db, countSql) : null;
  // "+ interval '0'" keeps the order but hides it from the index.
  const newest =
    counted && (counted[0]?.n ?? 0) <= COUNT_CAP
      ? sql`s.created_at + interval '0 seconds' desc nulls last`
      : sql`s.created_at desc nulls last`;
  const rankSql = tsq
    ? sql`(ts_rank_cd(s.search, ${tsq}) + ${plan.phraseBonus})::float8`
    : sql`${plan.phraseBonus}::float8`;
  const pageSql =
    plan.sort.key === "relevance" && !plan.all
      ? relevancePageSql(plan, match, rankSql, newest)
      : orderedPageSql(plan, match, tsq ? rankSql : sql`null::float8`, rankSql);
  return Promise.all([
    counted ?? queryRows<{ n: number }>(db, countSql),
    queryRows<Row>(db, rowsSql(plan, pageSql, highlight ? tsq : null)),
  ]);
}

/**
 * Relevance on a page ranks a bounded candidate set: the newest RELEVANCE_CANDIDATES matches (walking the
 * newest-first index when matches are common, from the GIN bitmap when they are few), ordered by rank; the
 * keyset applies to the ranked candidates.
 */
function relevancePageSql(plan: SearchPlan, match: SQL, rankSql: SQL, newest: SQL): SQL {
  const { cursor } = plan;
  const keyset = cursor
    ? sql`(x.rank, x.deal_id, x.source, x.bitrix_id) < (${cursor[0]}::float8, ${cursor[1]}::int, ${cursor[2]}::text, ${cursor[3]}::int)`
    : sql`true`;
  // When comment_search carries every filter, the candidates come from it alone and deal_facts is joined to
  // those 2000 only (still with every filter, the rule), instead of to every match before the limit.
  const candidates = plan.covered
    ? sql`select ${COLUMNS}, ${rankSql} as rank
            from (select * from comment_search s where ${plan.countWhere} and ${match}
              order by ${newest}, s.deal_id desc, s.source desc, s.bitrix_id desc
              limit ${RELEVANCE_CANDIDATES}) s
            join deal_facts f on f.portal_id = s.portal_id and f.deal_id = s.deal_id
            where ${plan.base}`
    : sql`select ${COLUMNS}, ${rankSql} as rank from ${FROM_SEARCH}
            where ${plan.base} and ${match}
            order by ${newest}, s.deal_id desc, s.source desc, s.bitrix_id desc
            limit ${RELEVANCE_CANDIDATES}`;
  return sql`select x.*, x.rank as sort_key, x.rank::text as sort_value from (${candidates}) x
        where ${keyset}
        order by x.rank desc, x.deal_id desc, x.source desc, x.bitrix_id desc
        limit ${plan.limit + 1}`;
}

/** Date and amount order every match (and exports rank every match), keyset on the sort value and the key. */
function orderedPageSql(plan: SearchPlan, match: SQL, rank: SQL, rankSql: SQL): SQL {
  const { cursor, sort } = plan;
  const dir = sql.raw(sort.dir);
  const cmp = sql.raw(sort.dir === "desc" ? "<" : ">");
  const sortExpr: Record<CommentSort, SQL> = {
    relevance: rankSql,
    date: sql`s.created_at`,
    amount: sql`f.amount_base`,
  };
  const keyset = cursor
    ? sql`(${sortExpr[sort.key]}, s.deal_id, s.source, s.bitrix_id) ${cmp}
          (${castValue[sort.key](cursor[0])}, ${cursor[1]}::int, ${cursor[2]}::text, ${cursor[3]}::int)`
    : sql`true`;
  return sql`select ${COLUMNS}, ${rank} as rank,
          ${sortExpr[sort.key]} as sort_key, (${sortExpr[sort.key]})::text as sort_value
        from ${FROM_SEARCH}
        where ${plan.base} and ${match} and ${keyset}
        order by ${sortExpr[sort.key]} ${dir} nulls last, s.deal_id ${dir}, s.source ${dir}, s.bitrix_id ${dir}
        limit ${plan.limit + 1}`;
}

/**
 * The page's rows with their text (highlighted when `tsq` is given), deal, stage, manager, author and themes —
 * each theme with the words that made it and whether it was added by hand.
 */
function rowsSql(plan: SearchPlan, pageSql: SQL, tsq: SQL | null): SQL {
  const dir = sql.raw(plan.sort.dir);
  const hlOptions = `StartSel="${HL_START}", StopSel="${HL_STOP}", HighlightAll=true`;
  const text = sql`translate(cm.body_text, ${HL_START + HL_STOP + HL_LT}, '')`;
  return sql`select p.*, ${text} as body_text,
            ${tsq ? sql`ts_headline('russian', translate(${text}, '<', ${HL_LT}), ${tsq}, ${hlOptions})` : sql`null`} as marked,
            d.title, ls.name as lost_at_name,
            case when p.manager_id is null then null else ${managerNameSql(sql`p.manager_id`)} end as manager_name,
            (select nullif(trim(concat_ws(' ', a.name, a.last_name)), '') from b24_users a
              where a.portal_id = p.portal_id and a.bitrix_id = p.author_id) as author_name,
            (select json_agg(json_build_object('id', ct.theme_id, 'evidence', ct.evidence, 'hand', o.action is not null)
                order by ct.theme_id)
              from comment_themes ct
              left join comment_theme_overrides o on o.portal_id = ct.portal_id and o.comment_source = ct.comment_source
                and o.comment_bitrix_id = ct.comment_bitrix_id and o.theme_id = ct.theme_id and o.action = 'add'
              where ct.portal_id = p.portal_id and ct.comment_source = p.source
                and ct.comment_bitrix_id = p.bitrix_id) as theme_tags
          from (${pageSql}) p
          join comments cm on cm.portal_id = p.portal_id and cm.source = p.source and cm.bitrix_id = p.bitrix_id
          left join deals d on d.portal_id = p.portal_id and d.bitrix_id = p.deal_id
          left join stages ls on ls.portal_id = p.portal_id and ls.bitrix_id = p.lost_at
          left join b24_users u on u.portal_id = p.portal_id and u.bitrix_id = p.manager_id
          order by p.sort_key ${dir} nulls last, p.deal_id ${dir}, p.source ${dir}, p.bitrix_id ${dir}`;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** A row as the browser shows it: highlighted segments (plus the typed substring in fallback mode), a deal link. */
export function toCommentRow(r: Row, substring: string | null, domain: string): CommentRow {
  let segments = r.marked ? segmentsFromMarked(r.marked) : [{ text: r.body_text, hit: false }];
  if (substring) segments = markSubstring(segments, substring);
  return {
    key: `${r.source}:${r.bitrix_id}`,
    source: r.source,
    dealId: r.deal_id,
    dealTitle: r.title ?? `#${r.deal_id}`,
    authorId: r.author_id,
    authorName: r.author_name,
    createdAt: iso(r.created_at),
    text: r.body_text,
    segments: clipSegments(segments),
    outcome: r.outcome,
    amount: r.amount,
    reasonKey: r.reason_key,
    reasonLabel: r.reason_label,
    lostAtStageId: r.lost_at,
    lostAtStageName: r.lost_at === null ? null : (r.lost_at_name ?? r.lost_at),
    managerId: r.manager_id,
    managerName: r.manager_name,
    priorWin: r.prior_win,
    lossDate: iso(r.loss_date),
    themeIds: (r.theme_tags ?? []).map((t) => t.id),
    themes: r.theme_tags ?? [],
    rank: r.rank,
    bitrixUrl: `https://${domain}/crm/deal/details/${r.deal_id}/`,
  };
}
