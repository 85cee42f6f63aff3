/**
 * List engine: candidate selection (id binary search, owner index), ordering and the two paging
 * flavours of bitrix24-api.md §2.1 (legacy page-rounded vs ORM exact offset) plus `start<0` (§2.2).
 */
import { errors } from "./errors";
import { type FieldReader, type Group, isPlainObject, matches, topConds } from "./filter";
import type { WireRecord } from "./snapshot";
import { numId, type Table } from "./table";

export const PAGE = 50;

export interface OrderSpec {
  field: string;
  desc: boolean;
}

export interface ListQuery {
  table: Table;
  filter: Group;
  order: OrderSpec[];
  start: number;
  paging: "legacy" | "orm";
  /** Replaces the stored value for sorting (e.g. STAGE_ID → the stage's SORT). */
  sortValue?: (field: string, row: WireRecord) => unknown;
  /** Pre-selected candidate rows (sorted by id), e.g. from activity BINDINGS. */
  candidates?: WireRecord[];
}

export interface Page {
  rows: WireRecord[];
  total: number;
  next?: number;
}

/** `intval(start)`. */
export function intval(v: unknown): number {
  if (typeof v === "number") return Math.trunc(v);
  const m = /^\s*([+-]?\d+)/.exec(String(v ?? ""));
  return m ? Number(m[1]) : 0;
}

export function parseOrder(
  raw: unknown,
  resolve?: (name: string) => string | undefined,
  strict = false,
): OrderSpec[] {
  if (!isPlainObject(raw)) return [];
  const out: OrderSpec[] = [];
  for (const [name, dir] of Object.entries(raw)) {
    const field = resolve ? resolve(name) : name;
    if (field === undefined) {
      if (strict) throw errors.invalidArg(`Invalid order: field '${name}' is not allowed in order`);
      continue;
    }
    out.push({ field, desc: String(dir).toUpperCase() === "DESC" });
  }
  return out;
}

const NUM = /^-?\d+(\.\d+)?$/;
const WIRE_DT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

function sortCompare(a: unknown, b: unknown): number {
  const an = a === null || a === undefined || a === "";
  const bn = b === null || b === undefined || b === "";
  if (an || bn) return an && bn ? 0 : an ? -1 : 1; // NULLs first in ASC, like MySQL
  if (typeof a === "number" && typeof b === "number") return a - b;
  const sa = Array.isArray(a) ? String(a[0] ?? "") : String(a);
  const sb = Array.isArray(b) ? String(b[0] ?? "") : String(b);
  if (NUM.test(sa) && NUM.test(sb)) return Number(sa) - Number(sb);
  if (WIRE_DT.test(sa) && WIRE_DT.test(sb)) return Date.parse(sa) - Date.parse(sb);
  return sa.localeCompare(sb);
}

/** Sorts in place by `order`, ties by id ascending. */
export function sortRows(
  rows: WireRecord[],
  order: OrderSpec[],
  idField = "ID",
  sortValue?: ListQuery["sortValue"],
): WireRecord[] {
  const value = (f: string, r: WireRecord) => (sortValue ? sortValue(f, r) : r[f]);
  return rows.sort((a, b) => {
    for (const o of order) {
      const c = sortCompare(value(o.field, a), value(o.field, b));
      if (c !== 0) return o.desc ? -c : c;
    }
    return numId(a, idField) - numId(b, idField);
  });
}

interface Range {
  arr: WireRecord[];
  lo: number;
  hi: number;
}

function numericValues(values: { num: number | null }[]): number[] | undefined {
  const out: number[] = [];
  for (const v of values) {
    if (v.num === null) return undefined;
    out.push(v.num);
  }
  return out;
}

function candidates(q: ListQuery): Range {
  const t = q.table;
  if (q.candidates) return { arr: q.candidates, lo: 0, hi: q.candidates.length };
  for (const c of topConds(q.filter, t.idField)) {
    if (c.op !== "=" && c.op !== "@") continue;
    const ids = numericValues(c.values);
    if (!ids) continue;
    const rows = [...new Set(ids)]
      .sort((a, b) => a - b)
      .flatMap((id): WireRecord[] => {
        const row = t.get(id);
        return row ? [row] : [];
      });
    return { arr: rows, lo: 0, hi: rows.length };
  }
  if (t.indexField) {
    for (const c of topConds(q.filter, t.indexField)) {
      if ((c.op !== "=" && c.op !== "@") || c.values.some((v) => v.empty)) continue;
      const rows = t.lookup(c.values.map((v) => String(v.num ?? v.raw)));
      return { arr: rows, lo: 0, hi: rows.length };
    }
  }
  let lo = 0;
  let hi = t.rows.length;
  for (const c of topConds(q.filter, t.idField)) {
    const v = c.values.length === 1 ? c.values[0]!.num : null;
    if (v === null) continue;
    if (c.op === ">") lo = Math.max(lo, t.lowerBound(v, true));
    if (c.op === ">=") lo = Math.max(lo, t.lowerBound(v));
    if (c.op === "<") hi = Math.min(hi, t.lowerBound(v));
    if (c.op === "<=") hi = Math.min(hi, t.lowerBound(v, true));
  }
  return { arr: t.rows, lo, hi: Math.max(lo, hi) };
}

export function runList(q: ListQuery): Page {
  const noCount = q.start < 0;
  const offset = noCount ? 0 : q.paging === "legacy" ? Math.floor(q.start / PAGE) * PAGE : q.start;
  const range = candidates(q);
  const idField = q.table.idField;
  const byIdOnly = q.order.length === 0 || (q.order.length === 1 && q.order[0]!.field === idField);
  // Lean rows (Table.defaults) are filtered and sorted as if the left-out fields were stored.
  const read: FieldReader | undefined = q.table.defaults ? (r, f) => q.table.value(r, f) : undefined;
  const sortValue = q.sortValue ?? (read ? (f: string, r: WireRecord) => read(r, f) : undefined);
  const rows: WireRecord[] = [];
  let total = 0;

  if (byIdOnly) {
    const desc = q.order[0]?.desc ?? false;
    const step = desc ? -1 : 1;
    for (let i = desc ? range.hi - 1 : range.lo; desc ? i >= range.lo : i < range.hi; i += step) {
      const row = range.arr[i]!;
      if (!matches(row, q.filter, read)) continue;
      if (total >= offset && rows.length < PAGE) rows.push(row);
      total++;
      if (noCount && rows.length >= PAGE) break;
    }
  } else {
    const all: WireRecord[] = [];
    for (let i = range.lo; i < range.hi; i++) {
      const row = range.arr[i]!;
      if (matches(row, q.filter, read)) all.push(row);
    }
    sortRows(all, q.order, idField, sortValue);
    total = all.length;
    rows.push(...all.slice(offset, offset + PAGE));
  }
  if (noCount) return { rows, total: 0 };
  const end = q.paging === "legacy" ? offset + PAGE : offset + rows.length;
  return rows.length > 0 && end < total ? { rows, total, next: end } : { rows, total };
}

export interface SelectOptions {
  /** Default select when none is given, e.g. ["*","UF_*"]. */
  defaults: string[];
  idField?: string;
  /** Fields returned only when named explicitly (PHONE, EMAIL, COMMUNICATIONS…). */
  explicitOnly?: Set<string>;
  /** Defined user fields with their empty value (missing keys are filled on output). */
  ufDefaults?: Map<string, unknown>;
}

/** Compiles a legacy `select`: `*` = standard fields, `UF_*` = user fields, names, ID always (§5.1, §12.7). */
export function makeProjector(select: unknown, opts: SelectOptions): (row: WireRecord) => WireRecord {
  const list = Array.isArray(select)
    ? select.map(String)
    : isPlainObject(select)
      ? Object.values(select).map(String)
      : [];
  const sel = list.length ? list : opts.defaults;
  const star = sel.includes("*");
  const ufStar = sel.includes("UF_*");
  const named = new Set(sel.map((s) => s.toUpperCase()));
  const idField = opts.idField ?? "ID";
  const explicitOnly = opts.explicitOnly ?? new Set<string>();
  const wanted = (key: string): boolean => {
    if (key === idField || named.has(key.toUpperCase())) return true;
    if (key.startsWith("UF_")) return ufStar;
    return star && !explicitOnly.has(key);
  };
  return (row) => {
    const out: WireRecord = {};
    for (const key of Object.keys(row)) if (wanted(key)) out[key] = row[key];
    if (opts.ufDefaults) {
      for (const [key, empty] of opts.ufDefaults) if (!(key in out) && wanted(key)) out[key] = empty;
    }
    return out;
  };
}
