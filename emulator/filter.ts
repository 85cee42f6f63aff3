/**
 * Bitrix list filters (bitrix24-api.md §5.1, §12.5): key prefixes `= ! != > >= < <= @ !@ % =% %= !% !=%`,
 * array values as IN, nested groups with LOGIC, multi-value fields match when any value matches,
 * numeric comparison for numeric-looking values and dates compared as instants.
 */
import { errors } from "./errors";
import type { WireRecord } from "./snapshot";
import { formatDateTime, parseWireDate } from "./wire";

export type Op = "=" | "!" | ">" | ">=" | "<" | "<=" | "@" | "!@" | "%" | "=%" | "!%" | "!=%";

export interface FilterValue {
  raw: unknown;
  empty: boolean;
  num: number | null;
  ms: number | null;
  lower: string;
  bool: boolean | null;
  /** The instant rendered per wire offset suffix, for fast lexical comparison with same-offset values. */
  rendered: Map<string, string>;
}

export interface Cond {
  kind: "cond";
  field: string;
  op: Op;
  values: FilterValue[];
}

export interface Group {
  kind: "group";
  logic: "AND" | "OR";
  items: (Cond | Group)[];
}

export interface FilterOptions {
  offset: string;
  /** Maps a filter key to the record field; undefined = unknown field. */
  resolveField?: (name: string) => string | undefined;
  /** Unknown fields → 400 INVALID_ARG_VALUE (ORM methods); otherwise silently ignored (legacy). */
  strict?: boolean;
}

const PREFIX = /^(!=%|!%|=%|%=|!@|>=|<=|!=|@|>|<|!|%|=)?(.*)$/s;
const NUM = /^-?\d+(\.\d+)?$/;
const DATE_LIKE = /^\d{4}-\d{2}-\d{2}|^\d{2}\.\d{2}\.\d{4}/;
const WIRE_DT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function toFilterValue(raw: unknown, offset: string): FilterValue {
  const s =
    raw === null || raw === undefined ? "" : typeof raw === "boolean" ? (raw ? "Y" : "N") : String(raw);
  const trimmed = s.trim();
  const ms = DATE_LIKE.test(trimmed) ? parseWireDate(trimmed, offset).getTime() : Number.NaN;
  let bool: boolean | null = null;
  if (raw === true || /^(y|true|1)$/i.test(trimmed)) bool = true;
  else if (raw === false || /^(n|false|0)$/i.test(trimmed)) bool = false;
  return {
    raw,
    empty: trimmed === "",
    num: NUM.test(trimmed) ? Number(trimmed) : null,
    ms: Number.isNaN(ms) ? null : ms,
    lower: s.toLowerCase(),
    bool,
    rendered: new Map(),
  };
}

export function parseFilter(raw: unknown, opts: FilterOptions): Group {
  return parseGroup(raw, opts, "AND");
}

function parseGroup(raw: unknown, opts: FilterOptions, logic: "AND" | "OR"): Group {
  const group: Group = { kind: "group", logic, items: [] };
  if (Array.isArray(raw)) {
    for (const item of raw) if (isPlainObject(item)) group.items.push(parseSub(item, opts));
    return group;
  }
  if (!isPlainObject(raw)) return group;
  for (const [key, value] of Object.entries(raw)) {
    if (/^logic$/i.test(key)) continue;
    if (isPlainObject(value) && (/^\d+$/.test(key) || "LOGIC" in value || "logic" in value)) {
      group.items.push(parseSub(value, opts));
      continue;
    }
    const m = PREFIX.exec(key)!;
    let op = (m[1] ?? "=") as string;
    if (op === "!=") op = "!";
    if (op === "%=") op = "=%";
    const name = m[2] ?? "";
    const field = opts.resolveField ? opts.resolveField(name) : name;
    if (field === undefined) {
      if (opts.strict) throw errors.invalidArg(`Invalid filter: field '${name}' is not allowed in filter`);
      continue;
    }
    let list: unknown[];
    if (Array.isArray(value)) list = value;
    else if (isPlainObject(value)) list = Object.values(value);
    else if ((op === "@" || op === "!@") && typeof value === "string") list = value.split(",");
    else list = [value];
    group.items.push({
      kind: "cond",
      field,
      op: op as Op,
      values: list.map((v) => toFilterValue(v, opts.offset)),
    });
  }
  return group;
}

function parseSub(value: Record<string, unknown>, opts: FilterOptions): Group {
  const logic = String(value.LOGIC ?? value.logic ?? "AND").toUpperCase() === "OR" ? "OR" : "AND";
  return parseGroup(value, opts, logic);
}

function isEmpty(rv: unknown): boolean {
  return rv === null || rv === undefined || rv === "" || (Array.isArray(rv) && rv.length === 0);
}

/** Three-way comparison of a record value with a filter value; null when not comparable. */
export function compareValue(rv: unknown, fv: FilterValue): number | null {
  if (isEmpty(rv)) return null;
  if (typeof rv === "boolean") return fv.bool === null ? null : Number(rv) - Number(fv.bool);
  if (typeof rv === "number") return fv.num === null ? null : rv - fv.num;
  const s = String(rv);
  if (fv.ms !== null && WIRE_DT.test(s)) {
    if (s.length === 25 && fv.ms % 1000 === 0) {
      // Same-offset wire datetimes order lexically: compare with the filter instant rendered in that offset.
      const suffix = s.slice(19);
      let r = fv.rendered.get(suffix);
      if (r === undefined) {
        r = /^[+-]\d{2}:\d{2}$/.test(suffix) ? formatDateTime(new Date(fv.ms), suffix) : "";
        fv.rendered.set(suffix, r);
      }
      if (r) return s < r ? -1 : s > r ? 1 : 0;
    }
    const ms = Date.parse(s);
    return Number.isNaN(ms) ? null : ms - fv.ms;
  }
  if (fv.num !== null && NUM.test(s)) return Number(s) - fv.num;
  const a = s.toLowerCase();
  return a < fv.lower ? -1 : a > fv.lower ? 1 : 0;
}

function eq(rv: unknown, fv: FilterValue): boolean {
  if (fv.empty) return isEmpty(rv);
  return compareValue(rv, fv) === 0;
}

function likeRegex(pattern: string): RegExp {
  const body = pattern
    .split("")
    .map((c) => (c === "%" ? ".*" : c === "_" ? "." : c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${body}$`, "is");
}

function testOne(rv: unknown, op: Op, fv: FilterValue): boolean {
  switch (op) {
    case "=":
    case "!":
    case "@":
    case "!@":
      return eq(rv, fv);
    case "%":
    case "!%":
      return !isEmpty(rv) && String(rv).toLowerCase().includes(fv.lower);
    case "=%":
    case "!=%":
      return !isEmpty(rv) && likeRegex(String(fv.raw ?? "")).test(String(rv));
    default: {
      const c = compareValue(rv, fv);
      if (c === null) return false;
      if (op === ">") return c > 0;
      if (op === ">=") return c >= 0;
      if (op === "<") return c < 0;
      return c <= 0;
    }
  }
}

const NEGATED = new Set<Op>(["!", "!@", "!%", "!=%"]);

/** Reads a field of a row (e.g. Table.value, which fills the fields a lean row leaves out). */
export type FieldReader = (row: WireRecord, field: string) => unknown;

function testCond(row: WireRecord, cond: Cond, read?: FieldReader): boolean {
  const rv = read ? read(row, cond.field) : row[cond.field];
  const values = Array.isArray(rv) ? (rv.length ? rv : [null]) : [rv];
  const hit = values.some((v) => cond.values.some((fv) => testOne(v, cond.op, fv)));
  return NEGATED.has(cond.op) ? !hit : hit;
}

export function matches(row: WireRecord, group: Group, read?: FieldReader): boolean {
  if (group.logic === "OR") {
    if (group.items.length === 0) return true;
    return group.items.some((item) =>
      item.kind === "cond" ? testCond(row, item, read) : matches(row, item, read),
    );
  }
  return group.items.every((item) =>
    item.kind === "cond" ? testCond(row, item, read) : matches(row, item, read),
  );
}

/** Top-level AND conditions on `field` (used for index and binary-search fast paths). */
export function topConds(group: Group, field: string): Cond[] {
  if (group.logic !== "AND") return [];
  return group.items.filter((i): i is Cond => i.kind === "cond" && i.field === field);
}
