/**
 * The comment browser's query: full-text search over the comments of the deals the filters and the viewer's
 * scope select, with Russian + English morphology (the generated `comments.search` vector, GIN-indexed),
 * `websearch_to_tsquery` syntax, prefix matching of the word being typed, and a pg_trgm fallback for typos and
 * partial words when full-text search finds little. Keyset pagination with the total count.
 *
 * Full-text search reads the narrow `comment_search` table (migration 0007, refreshed with the tagging): ~100-byte
 * rows with the vector and the manager, outcome and loss date, so the filters the browser uses most cut the rows
 * before the join to deal_facts (which still applies every filter), and a manager's search reads only their own
 * matches from the (manager, vector) GIN index. Relevance ranks the newest RELEVANCE_CANDIDATES matches rather
 * than every match: ranking 100k+ matches of a common word cost most of a second. The typo fallback, which runs
 * only when full-text search finds almost nothing, keeps reading `comments` (its substring match needs the text).
 */
import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { type Database, queryRows } from "@/db";
import type { DataScope } from "@/lib/analytics/scope";
import { factsWhere, intArray, managerNameSql, type PeriodBasis } from "@/lib/facts/where";
import { INT4_MAX } from "@/lib/params";
import { keywordsQuery } from "@/lib/themes/keywords";
import {
  type CommentOutcome,
  type CommentParams,
  type CommentSort,
  commentSort,
} from "@/lib/url-state/comments";
import type { Filters } from "@/lib/url-state/filters";
import {
  clipSegments,
  HL_LT,
  HL_START,
  HL_STOP,
  markSubstring,
  type Segment,
  segmentsFromMarked,
} from "./highlight";
import { likeContains, parseQueryText, type QueryText } from "./query-text";

/** Full-text results below this count bring in the fuzzy fallback (typo correction + substring match). */
export const FUZZY_BELOW = 3;
/** Totals are exact up to this many comments, then shown as "10 000+" (an exact count of 1M joined rows costs ~0.5 s). */
export const COUNT_CAP = 10_000;
/** Relevance ranks this many of the newest matches (a common word matches 100k+ comments at 1M). */
export const RELEVANCE_CANDIDATES = 2_000;
/** Stored words containing a typed word that the fallback also searches for ("трубк" → "трубку", "трубки"). */
export const PARTIAL_WORDS = 12;
/** Trigram similarity a stored word needs to count as a spelling of a query word ("дорага" ~ "дорого": 0.27). */
export const WORD_SIMILARITY = 0.25;
/** A query finding fewer comments than this is checked for a better-spelled alternative ("дораго" → "дорого"). */
export const SUGGEST_BELOW = 20;

export interface CommentRow {
  /** "timeline:401": source + Bitrix24 id, unique within the portal. */
  key: string;
  source: "timeline" | "deal_field" | "user_field";
  dealId: number;
  dealTitle: string;
  authorId: number | null;
  authorName: string | null;
  createdAt: string | null;
  text: string;
  segments: Segment[];
  outcome: "won" | "lost" | "open";
  amount: number;
  reasonKey: string | null;
  reasonLabel: string | null;
  lostAtStageId: string | null;
  lostAtStageName: string | null;
  managerId: number | null;
  managerName: string | null;
  priorWin: boolean;
  lossDate: string | null;
  themeIds: number[];
  rank: number | null;
  bitrixUrl: string;
}

export interface CommentPage {
  /** Exact up to COUNT_CAP; `totalCapped` says the true count is larger. */
  total: number;
  totalCapped: boolean;
  rows: CommentRow[];
  /** Cursor of the next page, null on the last one. */
  next: string | null;
  sort: { key: CommentSort; dir: "asc" | "desc" };
  /** "fts": full-text matches only; "fuzzy": the typo/partial-word fallback ran; "none": no query. */
  mode: "none" | "fts" | "fuzzy";
  /** Stored words the fuzzy fallback searched for besides the typed ones ("дорага" for "дорого"). */
  similarWords: string[];
  /** "Did you mean": the query with each rare word replaced by a similar stored word that finds far more. */
  suggestion: string | null;
}

export interface SearchOptions {
  /** Export: every matching row (up to `limit`), no cursor. */
  all?: boolean;
  limit?: number;
  /** Skip the highlighter (exports). */
  highlight?: boolean;
}

export function basisForOutcome(outcome: CommentOutcome): PeriodBasis {
  return outcome === "lost" ? "loss" : outcome === "won" ? "closed" : "worked";
}

/**
 * Scope + global filters + the browser's own filters, on comments `c` (or comment_search `s`, which has the same
 * key and author columns) joined to deal_facts `f`. On `s` the filters it carries are repeated on its own columns,
 * so the planner can cut rows there (and in its index) before joining; the deal_facts conditions stay the rule.
 */
export function commentFiltersSql(
  scope: DataScope,
  filters: Filters,
  p: CommentParams,
  alias: "c" | "s" = "c",
): SQL {
  const t = sql.raw(alias);
  const c: SQL[] = [factsWhere(scope, filters, { basis: basisForOutcome(p.outcome) })];
  if (p.outcome !== "all") c.push(sql`f.outcome = ${p.outcome}`);
  if (p.priorWin !== null) c.push(sql`f.outcome = 'lost' and f.had_prior_win = ${p.priorWin}`);
  if (alias === "s") c.push(searchOnlySql(scope, filters, p));
  else c.push(commentOnlySql(t, p));
  return sql.join(c, sql` and `);
}

/** Author and theme: conditions on the comment itself (`c` or `s`, same key and author columns). */
function commentOnlySql(t: SQL, p: CommentParams): SQL {
  const c: SQL[] = [sql`true`];
  if (p.author !== null) c.push(sql`${t}.author_id = ${p.author}`);
  if (p.theme !== null)
    c.push(sql`exists (select 1 from comment_themes ct where ct.portal_id = ${t}.portal_id
      and ct.comment_source = ${t}.source and ct.comment_bitrix_id = ${t}.bitrix_id and ct.theme_id = ${p.theme})`);
  return sql.join(c, sql` and `);
}

/** The filters comment_search `s` carries, on its own columns. */
function searchOnlySql(scope: DataScope, filters: Filters, p: CommentParams): SQL {
  const basis = basisForOutcome(p.outcome);
  const c: SQL[] = [sql`s.portal_id = ${scope.portalId}`, commentOnlySql(sql.raw("s"), p)];
  if (scope.managerIds !== null) c.push(sql`s.manager_id = any(${intArray(scope.managerIds)}::int[])`);
  if (filters.managers.length) c.push(sql`s.manager_id = any(${intArray(filters.managers)}::int[])`);
  if (p.outcome !== "all") c.push(sql`s.outcome = ${p.outcome}`);
  if (basis === "loss") {
    c.push(sql`s.outcome = 'lost'`);
    if (filters.range.from) c.push(sql`s.loss_date >= ${filters.range.from}::timestamptz`);
    if (filters.range.to) c.push(sql`s.loss_date < ${filters.range.to}::timestamptz`);
  }
  return sql.join(c, sql` and `);
}

/**
 * Whether comment_search's own columns express every filter, so a count can skip the join to deal_facts: scope,
 * managers, outcome, author, theme, and the period when it is on the loss date (lost comments) or unbounded.
 * The page itself always joins deal_facts.
 */
export function searchTableCovers(filters: Filters, p: CommentParams): boolean {
  const basis = basisForOutcome(p.outcome);
  const unbounded = !filters.range.from && !filters.range.to;
  return (
    filters.pipeline === null &&
    filters.department === null &&
    filters.source === null &&
    filters.client === "all" &&
    filters.amountMin === null &&
    filters.amountMax === null &&
    filters.stage === null &&
    filters.reasons.length === 0 &&
    p.priorWin === null &&
    (basis === "loss" || unbounded)
  );
}

const FROM_SEARCH = sql`comment_search s join deal_facts f on f.portal_id = s.portal_id and f.deal_id = s.deal_id`;

/**
 * "Did you mean": a typed word that is itself a misspelling finds only its few misspelled twins ("дораго": 7)
 * while the word meant finds many ("дорого": 50). Each word is swapped for the similar stored word (another stem)
 * that matches the most comments under the same filters; the swapped query is offered when it finds at least
 * three times as many.
 */
async function suggestSpelling(db: Database, where: SQL, portalId: number, qt: QueryText, found: number) {
  const words = qt.words.filter((w) => w.length >= 4);
  if (qt.hasOperators || !words.length || qt.words.length > 3 || found >= SUGGEST_BELOW) return null;
  const count = async (text: string) =>
    (
      await queryRows<{ n: number }>(
        db,
        sql`select count(*)::int as n from (select 1 from ${FROM_SEARCH} where ${where}
          and s.search @@ plainto_tsquery('russian', ${text}) limit ${COUNT_CAP}) x`,
      )
    )[0]?.n ?? 0;
  const replaced = new Map<string, string>();
  for (const w of words) {
    const candidates = await queryRows<{ word: string }>(
      db,
      sql`select word from comment_words where portal_id = ${portalId} and word <> ${w}
        and similarity(word, ${w}) >= ${WORD_SIMILARITY}
        and to_tsvector('russian', word) <> to_tsvector('russian', ${w})
        order by similarity(word, ${w}) desc, word limit 4`,
    );
    let best: { word: string; n: number } | null = null;
    for (const { word } of candidates) {
      const n = await count(word);
      if (!best || n > best.n) best = { word, n };
    }
    if (best && best.n > 0) replaced.set(w, best.word);
  }
  if (!replaced.size) return null;
  const suggestion = qt.words.map((w) => replaced.get(w) ?? w).join(" ");
  const n = await count(suggestion);
  return n >= Math.max(3 * found, found + 3) ? suggestion : null;
}

/** The strict full-text query, or null when the text holds no searchable word. */
function ftsQuery(qt: QueryText): SQL | null {
  const parts: SQL[] = [];
  if (qt.websearch) parts.push(sql`websearch_to_tsquery('russian', ${qt.websearch})`);
  if (qt.prefix) parts.push(sql`to_tsquery('russian', ${`'${qt.prefix}':*`})`);
  if (!parts.length) return null;
  if (parts.length === 1) return parts[0] as SQL;
  return qt.prefixOr ? sql`(${parts[0]} || ${parts[1]})` : sql`(${parts[0]} && ${parts[1]})`;
}

const normalName = (s: string) => (s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join(" ");

/**
 * The query names a competitor (its name or any alias the detector knows: "amoCRM", "Амо", "АмоЦРМ"): the
 * detector's own tsquery, so a search finds every comment the Themes competitor table counts.
 */
async function competitorQuery(db: Database, portalId: number, qt: QueryText): Promise<string | null> {
  if (qt.empty || qt.hasOperators) return null;
  const typed = normalName(qt.phrase);
  const rows = await queryRows<{ name: string; variants: string[] }>(
    db,
    sql`select name, variants from competitors where portal_id = ${portalId}`,
  );
  const hit = rows.find((c) => [c.name, ...c.variants].some((v) => normalName(v) === typed));
  return hit ? keywordsQuery([hit.name, ...hit.variants]) : null;
}

/**
 * Each typed word, or any stored word spelled like it (pg_trgm similarity over the portal's word list), or any
 * stored word containing it (partial words: "трубк" → "трубку") — so the fallback is one more tsquery on the
 * search vector, served by the same index, instead of a substring scan of every comment's text.
 */
async function fuzzyQuery(
  db: Database,
  portalId: number,
  qt: QueryText,
): Promise<{ query: SQL | null; similar: string[] }> {
  const words = qt.words.filter((w) => w.length >= 3).slice(0, 6);
  if (!words.length) return { query: null, similar: [] };
  const similar = await Promise.all(
    words.map((w) =>
      queryRows<{ word: string }>(
        db,
        sql`(select word from comment_words where portal_id = ${portalId} and word <> ${w}
          and similarity(word, ${w}) >= ${WORD_SIMILARITY}
          and to_tsvector('russian', word) <> to_tsvector('russian', ${w})
          order by similarity(word, ${w}) desc, word limit 4)
        union
        (select word from comment_words where portal_id = ${portalId} and word <> ${w}
          and word like ${likeContains(w)}
          order by similarity(word, ${w}) desc, word limit ${PARTIAL_WORDS})`,
      ),
    ),
  );
  const perWord = words.map((w, i) => {
    const alts = [w, ...(similar[i] ?? []).map((r) => r.word)];
    const last = i === words.length - 1 && qt.prefix === w;
    const text = alts.map((a, j) => `'${a}'${last && j === 0 ? ":*" : ""}`).join(" | ");
    return sql`to_tsquery('russian', ${text})`;
  });
  return {
    query: sql`(${sql.join(perWord, sql` && `)})`,
    similar: [...new Set(similar.flat().map((r) => r.word))],
  };
}

interface Row {
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
  theme_ids: number[] | null;
  rank: number | null;
  sort_value: string | null;
}

type Cursor = [string, number, string, number];

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c), "utf8").toString("base64url");
}

const SOURCES = ["timeline", "deal_field", "user_field"] as const;
/** What a cursor's sort value must look like to be cast by its sort (castValue below) without an SQL error. */
const SORT_VALUE: Record<CommentSort, RegExp> = {
  relevance: /^-?\d{1,20}(\.\d{1,20})?(e[+-]?\d{1,3})?$/,
  amount: /^-?\d{1,20}(\.\d{1,20})?$/,
  // Postgres' timestamptz text ("2026-05-01 12:00:00.123+03") or ISO.
  date: /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)$/,
};
/** "2026-02-30 25:00:00" matches the pattern but Postgres refuses it: check the calendar and the clock too. */
function isRealInstant(v: string): boolean {
  const [y, mo, d, h, mi, se] = (v.match(/\d+/g) ?? []).map(Number) as number[];
  if ([y, mo, d, h, mi, se].some((n) => n === undefined)) return false;
  const t = new Date(Date.UTC(y as number, (mo as number) - 1, d as number));
  return (
    t.getUTCFullYear() === y &&
    t.getUTCMonth() === (mo as number) - 1 &&
    t.getUTCDate() === d &&
    (h as number) < 24 &&
    (mi as number) < 60 &&
    (se as number) < 60
  );
}

const cursorShape = z.tuple([
  z.string().max(64),
  z.number().int().min(-INT4_MAX).max(INT4_MAX),
  z.enum(SOURCES),
  z.number().int().min(-INT4_MAX).max(INT4_MAX),
]);

/**
 * The cursor is a URL value anyone can edit: only a cursor this sort could have written is used (the value
 * castable by the sort, the ids within int4), anything else reads as "first page" instead of failing the query.
 */
export function decodeCursor(s: string | null, sort: CommentSort = "date"): Cursor | null {
  if (!s || s.length > 400) return null;
  try {
    const parsed = cursorShape.safeParse(JSON.parse(Buffer.from(s, "base64url").toString("utf8")));
    if (!parsed.success) return null;
    const [value] = parsed.data;
    if (!SORT_VALUE[sort].test(value)) return null;
    if (sort === "date" && !isRealInstant(value)) return null;
    if (sort === "relevance" && !Number.isFinite(Number(value))) return null;
    return parsed.data;
  } catch {
    return null;
  }
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export async function searchComments(
  db: Database,
  scope: DataScope,
  filters: Filters,
  params: CommentParams,
  options: SearchOptions = {},
): Promise<CommentPage> {
  const qt = parseQueryText(params.q);
  const sort = commentSort(filters, params.q);

  const base = commentFiltersSql(scope, filters, params, "s");
  // The capped total reads comment_search alone when its columns carry every filter (the common case): joining
  // 10 000 rows to deal_facts only to count them cost more than the rest of the search.
  const covered = searchTableCovers(filters, params);
  const countFrom = covered ? sql`comment_search s` : FROM_SEARCH;
  const countWhere = covered ? searchOnlySql(scope, filters, params) : base;
  const dir = sql.raw(sort.dir);
  const cmp = sql.raw(sort.dir === "desc" ? "<" : ">");
  const cursor = options.all ? null : decodeCursor(params.after, sort.key);
  const limit = options.all ? (options.limit ?? 100_000) : filters.size;
  const hlOptions = `StartSel="${HL_START}", StopSel="${HL_STOP}", HighlightAll=true`;
  const columns = sql`s.portal_id, s.source, s.bitrix_id, s.deal_id, s.author_id, s.created_at,
    f.outcome, f.amount_base::float8 as amount, f.reason_key, f.reason_label,
    f.lost_at_stage_id as lost_at, f.manager_id, f.had_prior_win as prior_win, f.loss_date`;
  // Exact phrase first: a comment holding the typed words in this order (any word forms) outranks one that merely
  // has them all.
  const phraseBonus = qt.phrase.includes(" ")
    ? sql`case when s.search @@ phraseto_tsquery('russian', ${qt.phrase}) then 1 else 0 end`
    : sql`0`;
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
  const run = async (match: SQL, tsq: SQL | null, highlight: boolean, countFirst = false) => {
    const countSql = options.all
      ? sql`select count(*)::int as n from ${FROM_SEARCH} where ${base} and ${match}`
      : sql`select count(*)::int as n from (select 1 from ${countFrom} where ${countWhere} and ${match}
          limit ${COUNT_CAP + 1}) x`;
    const counted = countFirst ? await queryRows<{ n: number }>(db, countSql) : null;
    // "+ interval '0'" keeps the order but hides it from the index.
    const newest =
      counted && (counted[0]?.n ?? 0) <= COUNT_CAP
        ? sql`s.created_at + interval '0 seconds' desc nulls last`
        : sql`s.created_at desc nulls last`;
    const rankSql = tsq
      ? sql`(ts_rank_cd(s.search, ${tsq}) + ${phraseBonus})::float8`
      : sql`${phraseBonus}::float8`;
    const sortExpr: Record<CommentSort, SQL> = {
      relevance: rankSql,
      date: sql`s.created_at`,
      amount: sql`f.amount_base`,
    };
    // Relevance on a page ranks a bounded candidate set: the newest RELEVANCE_CANDIDATES matches (walking the
    // newest-first index when matches are common, from the GIN bitmap when they are few), ordered by rank; the
    // keyset applies to the ranked candidates. Date and amount order every match; exports rank every match.
    let pageSql: SQL;
    if (sort.key === "relevance" && !options.all) {
      const keyset = cursor
        ? sql`(x.rank, x.deal_id, x.source, x.bitrix_id) < (${cursor[0]}::float8, ${cursor[1]}::int, ${cursor[2]}::text, ${cursor[3]}::int)`
        : sql`true`;
      // When comment_search carries every filter, the candidates come from it alone and deal_facts is joined to
      // those 2000 only (still with every filter, the rule), instead of to every match before the limit.
      const candidates = covered
        ? sql`select ${columns}, ${rankSql} as rank
            from (select * from comment_search s where ${countWhere} and ${match}
              order by ${newest}, s.deal_id desc, s.source desc, s.bitrix_id desc
              limit ${RELEVANCE_CANDIDATES}) s
            join deal_facts f on f.portal_id = s.portal_id and f.deal_id = s.deal_id
            where ${base}`
        : sql`select ${columns}, ${rankSql} as rank from ${FROM_SEARCH}
            where ${base} and ${match}
            order by ${newest}, s.deal_id desc, s.source desc, s.bitrix_id desc
            limit ${RELEVANCE_CANDIDATES}`;
      pageSql = sql`select x.*, x.rank as sort_key, x.rank::text as sort_value from (${candidates}) x
        where ${keyset}
        order by x.rank desc, x.deal_id desc, x.source desc, x.bitrix_id desc
        limit ${limit + 1}`;
    } else {
      const keyset = cursor
        ? sql`(${sortExpr[sort.key]}, s.deal_id, s.source, s.bitrix_id) ${cmp}
          (${castValue[sort.key](cursor[0])}, ${cursor[1]}::int, ${cursor[2]}::text, ${cursor[3]}::int)`
        : sql`true`;
      pageSql = sql`select ${columns}, ${tsq ? rankSql : sql`null::float8`} as rank,
          ${sortExpr[sort.key]} as sort_key, (${sortExpr[sort.key]})::text as sort_value
        from ${FROM_SEARCH}
        where ${base} and ${match} and ${keyset}
        order by ${sortExpr[sort.key]} ${dir} nulls last, s.deal_id ${dir}, s.source ${dir}, s.bitrix_id ${dir}
        limit ${limit + 1}`;
    }
    const text = sql`translate(cm.body_text, ${HL_START + HL_STOP + HL_LT}, '')`;
    return Promise.all([
      counted ?? queryRows<{ n: number }>(db, countSql),
      queryRows<Row>(
        db,
        sql`select p.*, ${text} as body_text,
            ${highlight && tsq ? sql`ts_headline('russian', translate(${text}, '<', ${HL_LT}), ${tsq}, ${hlOptions})` : sql`null`} as marked,
            d.title, ls.name as lost_at_name,
            case when p.manager_id is null then null else ${managerNameSql(sql`p.manager_id`)} end as manager_name,
            (select nullif(trim(concat_ws(' ', a.name, a.last_name)), '') from b24_users a
              where a.portal_id = p.portal_id and a.bitrix_id = p.author_id) as author_name,
            (select array_agg(ct.theme_id order by ct.theme_id) from comment_themes ct where ct.portal_id = p.portal_id
              and ct.comment_source = p.source and ct.comment_bitrix_id = p.bitrix_id) as theme_ids
          from (${pageSql}) p
          join comments cm on cm.portal_id = p.portal_id and cm.source = p.source and cm.bitrix_id = p.bitrix_id
          left join deals d on d.portal_id = p.portal_id and d.bitrix_id = p.deal_id
          left join stages ls on ls.portal_id = p.portal_id and ls.bitrix_id = p.lost_at
          left join b24_users u on u.portal_id = p.portal_id and u.bitrix_id = p.manager_id
          order by p.sort_key ${dir} nulls last, p.deal_id ${dir}, p.source ${dir}, p.bitrix_id ${dir}`,
      ),
    ]);
  };

  let mode: CommentPage["mode"] = "none";
  let similarWords: string[] = [];
  let substring: string | null = null;
  const highlight = options.highlight !== false;
  let tsq: SQL | null = null;
  let match: SQL = sql`true`;
  let named: SQL | null = null;
  if (!qt.empty) {
    mode = "fts";
    tsq = ftsQuery(qt);
    const competitor = await competitorQuery(db, scope.portalId, qt);
    if (competitor) {
      named = sql`to_tsquery('russian', ${competitor})`;
      tsq = tsq ? sql`(${tsq} || ${named})` : named;
    }
    match = tsq ? sql`s.search @@ ${tsq}` : sql`false`;
  }
  const [[count, rows], portal] = await Promise.all([
    (async () => {
      const first = await run(match, tsq, highlight);
      // Full-text search found (almost) nothing: the typo / partial-word fallback.
      if (mode === "none" || qt.hasOperators || (first[0][0]?.n ?? 0) >= FUZZY_BELOW) return first;
      mode = "fuzzy";
      const fuzzy = await fuzzyQuery(db, scope.portalId, qt);
      similarWords = fuzzy.similar;
      substring = qt.phrase.length >= 3 ? qt.phrase : null;
      // Each typed word (3+ letters) is among its own alternatives, so this also holds every full-text match.
      const either = fuzzy.query && named ? sql`(${fuzzy.query} || ${named})` : (fuzzy.query ?? tsq);
      return run(either ? sql`s.search @@ ${either}` : sql`false`, either, highlight, true);
    })(),
    queryRows<{ domain: string }>(db, sql`select domain from portals where id = ${scope.portalId}`),
  ]);
  const domain = portal[0]?.domain ?? "";
  const page = rows.slice(0, limit);
  const lastRow = page[page.length - 1];
  const next =
    !options.all && rows.length > limit && lastRow && lastRow.sort_value !== null
      ? encodeCursor([lastRow.sort_value, lastRow.deal_id, lastRow.source, lastRow.bitrix_id])
      : null;
  const n = count[0]?.n ?? 0;
  const suggestion = qt.empty ? null : await suggestSpelling(db, base, scope.portalId, qt, n);
  return {
    total: Math.min(n, options.all ? n : COUNT_CAP),
    totalCapped: !options.all && n > COUNT_CAP,
    next,
    sort,
    mode,
    similarWords,
    suggestion,
    rows: page.map((r) => {
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
        themeIds: r.theme_ids ?? [],
        rank: r.rank,
        bitrixUrl: `https://${domain}/crm/deal/details/${r.deal_id}/`,
      };
    }),
  };
}
