/**
 * The comment browser's own URL state, beside the global filters in the same search params: q, author, theme,
 * outcome, priorWin and the keyset cursor. Parsed strictly but forgivingly, like the filters: a bad value falls
 * back to its default and never throws. The sort rides on the filters' `sort` key.
 */
import { z } from "zod";
import { type Filters, serializeFilters } from "./filters";
import { COMMENT_PARAM_KEYS, type CommentParamKey } from "./keys";
import { firstParam, href, type ParamsInput, withChanges } from "./params";

export const COMMENT_SORTS = ["relevance", "date", "amount"] as const;
export type CommentSort = (typeof COMMENT_SORTS)[number];
export const COMMENT_OUTCOMES = ["lost", "won", "open", "all"] as const;
export type CommentOutcome = (typeof COMMENT_OUTCOMES)[number];

export const MAX_QUERY_LENGTH = 200;

export interface CommentParams {
  q: string;
  author: number | null;
  theme: number | null;
  outcome: CommentOutcome;
  priorWin: boolean | null;
  /** Opaque keyset cursor: the last row of the previous page. */
  after: string | null;
  /** How many rows came before this page (display only: "26–50 of 240"). */
  pos: number;
}

const id = z
  .string()
  .regex(/^\d{1,9}$/)
  .transform(Number);

const schema = z.object({
  q: z
    .string()
    // Control characters never reach SQL or the highlighter (whose markers are \u0001 / \u0002).
    .transform((s) => s.replace(/\p{Cc}/gu, " ").slice(0, MAX_QUERY_LENGTH))
    .catch(""),
  author: id.nullable().catch(null),
  theme: id.nullable().catch(null),
  outcome: z.enum(COMMENT_OUTCOMES).catch("lost"),
  priorWin: z
    .enum(["1", "0"])
    .transform((v) => v === "1")
    .nullable()
    .catch(null),
  after: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,400}$/)
    .nullable()
    .catch(null),
  pos: z.coerce.number().int().min(0).max(10_000_000).catch(0),
} satisfies Record<CommentParamKey, z.ZodType>);

export function parseCommentParams(params: ParamsInput): CommentParams {
  const raw = Object.fromEntries(COMMENT_PARAM_KEYS.map((k) => [k, firstParam(params, k)]));
  return schema.parse({ ...raw, q: raw.q ?? "" });
}

/** Defaults omitted; a page's cursor (`after`, `pos`) only when given. */
export function serializeCommentParams(p: Partial<CommentParams>, into = new URLSearchParams()) {
  if (p.q?.trim()) into.set("q", p.q);
  if (p.author != null) into.set("author", String(p.author));
  if (p.theme != null) into.set("theme", String(p.theme));
  if (p.outcome && p.outcome !== "lost") into.set("outcome", p.outcome);
  if (p.priorWin != null) into.set("priorWin", p.priorWin ? "1" : "0");
  if (p.after) into.set("after", p.after);
  if (p.pos) into.set("pos", String(p.pos));
  return into;
}

/** The effective sort: the URL's when valid, else relevance while searching and newest first otherwise. */
export function commentSort(filters: Filters, q: string): { key: CommentSort; dir: "asc" | "desc" } {
  const s = filters.sort;
  if (s && (COMMENT_SORTS as readonly string[]).includes(s.key)) {
    if (s.key === "relevance" && !q.trim()) return { key: "date", dir: "desc" };
    return { key: s.key as CommentSort, dir: s.key === "relevance" ? "desc" : s.dir };
  }
  return q.trim() ? { key: "relevance", dir: "desc" } : { key: "date", dir: "desc" };
}

/** The comment browser under the view's filters with these params (a page's cursor only when given). */
export function commentsHref(filters: Filters, p: Partial<CommentParams>): string {
  const q = serializeCommentParams(p, serializeFilters(filters)).toString();
  return q ? `/comments?${q}` : "/comments";
}

/** The CSV of every comment the browser finds: its filters and search, from the first row. */
export function commentsExportHref(filters: Filters, p: CommentParams): string {
  const { q, author, theme, outcome, priorWin } = p;
  const query = serializeCommentParams(
    { q, author, theme, outcome, priorWin },
    serializeFilters({ ...filters, page: 1 }),
  );
  return `/api/export/comments?${query.toString()}`;
}

/** The browser's URL for a new search: `q` set (or removed when blank), back at the first page. */
export function searchQueryHref(pathname: string, current: ParamsInput, q: string): string {
  return href(pathname, withChanges(current, { q: q.trim() ? q : null }, ["after", "pos"]));
}
