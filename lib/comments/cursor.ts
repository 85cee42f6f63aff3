/** The comment browser's keyset cursor: a sort value and the row's key, as an opaque URL-safe string. */
import { z } from "zod";
import { INT4_MAX } from "@/lib/params";
import type { CommentSort } from "@/lib/url-state/comments";

export type Cursor = [string, number, string, number];

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
