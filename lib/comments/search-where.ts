/**
 * The comment browser's WHERE: the viewer's scope, the global filters and the browser's own filters, on comments
 * `c` or on the narrow comment_search table `s` joined to deal_facts `f` (deal_facts stays the rule).
 */
import { type SQL, sql } from "drizzle-orm";
import type { DataScope } from "@/lib/analytics/scope";
import { factsWhere, intArray, type PeriodBasis } from "@/lib/facts/where";
import type { CommentOutcome, CommentParams } from "@/lib/url-state/comments";
import type { Filters } from "@/lib/url-state/filters";

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
export function searchOnlySql(scope: DataScope, filters: Filters, p: CommentParams): SQL {
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

export const FROM_SEARCH = sql`comment_search s join deal_facts f on f.portal_id = s.portal_id and f.deal_id = s.deal_id`;
