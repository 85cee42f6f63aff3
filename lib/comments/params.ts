/**
 * The comment browser's own URL state, beside the global filters (lib/filters.ts) in the same search params:
 * q, author, theme, outcome, priorWin and the keyset cursor. Parsed strictly but forgivingly, like the filters:
 * a bad value falls back to its default and never throws. The sort rides on the filters' `sort` key.
 */
import { z } from "zod";
import type { Filters, ParamsInput } from "@/lib/filters";

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
});

/** Every URL key the comment browser reads besides the filters. */
export const COMMENT_PARAM_KEYS = Object.keys(schema.shape) as readonly string[];

function first(params: ParamsInput, key: string): string | null {
  const v = params instanceof URLSearchParams ? params.get(key) : params[key];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s === null || s === "" ? null : s;
}

export function parseCommentParams(params: ParamsInput): CommentParams {
  const raw = Object.fromEntries(Object.keys(schema.shape).map((k) => [k, first(params, k)]));
  const parsed = schema.parse({ ...raw, q: raw.q ?? "" });
  return parsed;
}

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
