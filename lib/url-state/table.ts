/** A table's URL state: sort (`sort=-amount`), page and page size, parsed strictly with defaults omitted. */
import { z } from "zod";
import type { TableKey } from "./keys";

export const PAGE_SIZES = [10, 25, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 25;

export type SortDir = "asc" | "desc";
export interface Sort<K extends string = string> {
  key: K;
  dir: SortDir;
}

export const pagingFragment = {
  sort: z.string().nullable().catch(null),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  size: z.coerce
    .number()
    .int()
    .refine((n) => (PAGE_SIZES as readonly number[]).includes(n))
    .catch(DEFAULT_PAGE_SIZE),
} satisfies Record<TableKey, z.ZodType>;

/** `-amount` → amount, descending; a key the table does not offer is no sort at all. */
export function parseSort(value: string | null, sorts: readonly string[]): Sort | null {
  if (!value) return null;
  const desc = value.startsWith("-");
  const k = desc ? value.slice(1) : value;
  return sorts.includes(k) ? { key: k, dir: desc ? "desc" : "asc" } : null;
}

/** The URL form of a sort: `-amount` for descending, `amount` for ascending. */
export const serializeSort = (s: Sort): string => `${s.dir === "desc" ? "-" : ""}${s.key}`;

/** A column header's link target: the same key flips its direction, a new key starts descending. */
export function nextSort<K extends string>(current: Sort<K>, key: K): Sort<K> {
  return { key, dir: current.key === key && current.dir === "desc" ? "asc" : "desc" };
}
