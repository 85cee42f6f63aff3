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
import { type Database, queryRows } from "@/db";
import type { DataScope } from "@/lib/analytics/scope";
import { type CommentParams, type CommentSort, commentSort } from "@/lib/url-state/comments";
import type { Filters } from "@/lib/url-state/filters";
import { decodeCursor, encodeCursor } from "./cursor";
import type { Segment } from "./highlight";
import { parseQueryText } from "./query-text";
import { COUNT_CAP, runSearchPass, type SearchPlan, toCommentRow } from "./search-page";
import { commentFiltersSql, FROM_SEARCH, searchOnlySql, searchTableCovers } from "./search-where";
import { competitorQuery, ftsQuery, fuzzyQuery, suggestSpelling } from "./search-words";

export { decodeCursor, encodeCursor } from "./cursor";
export { COUNT_CAP, RELEVANCE_CANDIDATES } from "./search-page";
export { basisForOutcome, commentFiltersSql, searchTableCovers } from "./search-where";
export { PARTIAL_WORDS, SUGGEST_BELOW, WORD_SIMILARITY } from "./search-words";

/** Full-text results below this count bring in the fuzzy fallback (typo correction + substring match). */
export const FUZZY_BELOW = 3;

export interface ThemeTag {
  id: number;
  evidence: string | null;
  /** Added by a director or admin (comment_theme_overrides). */
  hand: boolean;
}

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
  /** The same themes, each with the words that made it (null: the theme's keywords, or added by hand). */
  themes: ThemeTag[];
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

/** The filters, sort, cursor and page size every pass of one search shares. */
function planSearch(
  scope: DataScope,
  filters: Filters,
  params: CommentParams,
  options: SearchOptions,
  phrase: string,
): SearchPlan {
  const sort = commentSort(filters, params.q);
  // The capped total reads comment_search alone when its columns carry every filter (the common case): joining
  // 10 000 rows to deal_facts only to count them cost more than the rest of the search.
  const covered = searchTableCovers(filters, params);
  const base = commentFiltersSql(scope, filters, params, "s");
  return {
    base,
    covered,
    countFrom: covered ? sql`comment_search s` : FROM_SEARCH,
    countWhere: covered ? searchOnlySql(scope, filters, params) : base,
    sort,
    cursor: options.all ? null : decodeCursor(params.after, sort.key),
    limit: options.all ? (options.limit ?? 100_000) : filters.size,
    all: options.all === true,
    // Exact phrase first: a comment holding the typed words in this order (any word forms) outranks one that
    // merely has them all.
    phraseBonus: phrase.includes(" ")
      ? sql`case when s.search @@ phraseto_tsquery('russian', ${phrase}) then 1 else 0 end`
      : sql`0`,
  };
}

export async function searchComments(
  db: Database,
  scope: DataScope,
  filters: Filters,
  params: CommentParams,
  options: SearchOptions = {},
): Promise<CommentPage> {
  const qt = parseQueryText(params.q);
  const plan = planSearch(scope, filters, params, options, qt.phrase);
  const highlight = options.highlight !== false;
  let mode: CommentPage["mode"] = "none";
  let similarWords: string[] = [];
  let substring: string | null = null;
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
      const first = await runSearchPass(db, plan, match, tsq, highlight);
      // Full-text search found (almost) nothing: the typo / partial-word fallback.
      if (mode === "none" || qt.hasOperators || (first[0][0]?.n ?? 0) >= FUZZY_BELOW) return first;
      mode = "fuzzy";
      const fuzzy = await fuzzyQuery(db, scope.portalId, qt);
      similarWords = fuzzy.similar;
      substring = qt.phrase.length >= 3 ? qt.phrase : null;
      // Each typed word (3+ letters) is among its own alternatives, so this also holds every full-text match.
      const either = fuzzy.query && named ? sql`(${fuzzy.query} || ${named})` : (fuzzy.query ?? tsq);
      return runSearchPass(
        db,
        plan,
        either ? sql`s.search @@ ${either}` : sql`false`,
        either,
        highlight,
        true,
      );
    })(),
    queryRows<{ domain: string }>(db, sql`select domain from portals where id = ${scope.portalId}`),
  ]);
  const domain = portal[0]?.domain ?? "";
  const { limit } = plan;
  const page = rows.slice(0, limit);
  const lastRow = page[page.length - 1];
  const next =
    !options.all && rows.length > limit && lastRow && lastRow.sort_value !== null
      ? encodeCursor([lastRow.sort_value, lastRow.deal_id, lastRow.source, lastRow.bitrix_id])
      : null;
  const n = count[0]?.n ?? 0;
  const suggestion = qt.empty ? null : await suggestSpelling(db, plan.base, scope.portalId, qt, n);
  return {
    total: Math.min(n, options.all ? n : COUNT_CAP),
    totalCapped: !options.all && n > COUNT_CAP,
    next,
    sort: plan.sort,
    mode,
    similarWords,
    suggestion,
    rows: page.map((r) => toCommentRow(r, substring, domain)),
  };
}
