/**
 * Zod fragments for values that arrive from outside (URL, form, request body) and end up in SQL. Postgres
 * refuses two kinds of text a browser happily sends — a NUL byte (text cannot hold it) and an integer past int4
 * (every id column is `integer`) — and either one, bound as a parameter, fails the whole query: a 500 or an
 * error page instead of a fallback. So every boundary checks both before a value can reach a query.
 */
import { z } from "zod";

/** The largest value of a Postgres `integer` column: every id here (deal, user, portal, theme) is one. */
export const INT4_MAX = 2_147_483_647;

/** C0/C1 control characters, NUL included: never part of a filter value, a reason key or an id. */
const CONTROL = /\p{Cc}/u;

export const hasControlChars = (s: string): boolean => CONTROL.test(s);

/** A database id as a number (forms, JSON): 1..2147483647. */
export const dbId = z.coerce.number().int().min(1).max(INT4_MAX);

/** A database id as it comes in a URL ("42"): digits only, 1..2147483647. */
export const idString = z
  .string()
  .regex(/^\d{1,10}$/)
  .transform(Number)
  .refine((n) => n >= 1 && n <= INT4_MAX);

/** An id from one URL value, or null when missing or not a storable id (the caller decides: 400 or default). */
export function parseId(value: string | null | undefined): number | null {
  const r = idString.safeParse(value);
  return r.success ? r.data : null;
}

/** Text bound as a SQL parameter: at most `max` characters and no control characters. */
export const plainText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !hasControlChars(s));

/** The first value of a search param that may come repeated (`?a=1&a=2` → "1"); arrays never reach a parser. */
export function firstValue(v: string | string[] | null | undefined): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  return s === null ? undefined : s;
}
