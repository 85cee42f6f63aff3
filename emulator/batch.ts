/** `batch` (bitrix24-api.md §3): ≤50 commands, halt, `$result[key][path]` references, PHP map quirks. */
import type { AuthContext } from "./context";
import { callMethod, type Dispatcher } from "./dispatch";
import { errors } from "./errors";
import { isPlainObject } from "./filter";
import { type Params, paramCI, parseQuery } from "./params";

export const BATCH_MAX = 50;

/** PHP json_encode of an array: empty → `[]`, keys 0..n-1 in order → JSON array, else an object. */
export function phpArray(map: Map<string, unknown>): unknown {
  const keys = [...map.keys()];
  if (keys.every((k, i) => k === String(i))) return [...map.values()];
  return Object.fromEntries(map);
}

/** PHP truthiness of a request value ("0" and "" are false). */
export function phpTruthy(v: unknown): boolean {
  return !(v === undefined || v === null || v === false || v === "" || v === "0" || v === 0);
}

type Maps = Record<"result" | "next" | "total" | "error" | "time", Map<string, unknown>>;

const REF = /\$(result|next|total|error|time)((?:\[[^\]]*\])+)/gi;

function lookupKey(map: Map<string, unknown>, key: string): { found: boolean; value: unknown } {
  if (map.has(key)) return { found: true, value: map.get(key) };
  const lower = key.toLowerCase();
  for (const [k, v] of map) if (k.toLowerCase() === lower) return { found: true, value: v };
  return { found: false, value: undefined };
}

/** Resolves a reference; a path that does not resolve stops at the deepest existing node. */
function resolveRef(maps: Maps, kind: string, path: string): { found: boolean; value: unknown } {
  const segs = [...path.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1] ?? "");
  const map = maps[kind.toLowerCase() as keyof Maps];
  const first = lookupKey(map, segs[0] ?? "");
  if (!first.found) return first;
  let node = first.value;
  for (const seg of segs.slice(1)) {
    if (Array.isArray(node) && /^\d+$/.test(seg) && Number(seg) < node.length) node = node[Number(seg)];
    else if (isPlainObject(node) && seg in node) node = node[seg];
    else break;
  }
  return { found: true, value: node };
}

function asString(v: unknown): string {
  if (v === null || v === undefined || v === false) return "";
  if (v === true) return "1";
  if (Array.isArray(v)) return v.map(asString).join(",");
  if (isPlainObject(v)) return Object.values(v).map(asString).join(",");
  return String(v);
}

function substitute(value: unknown, maps: Maps): unknown {
  if (typeof value === "string") {
    REF.lastIndex = 0;
    const whole = /^\$(result|next|total|error|time)((?:\[[^\]]*\])+)$/i.exec(value.trim());
    if (whole) {
      const r = resolveRef(maps, whole[1]!, whole[2]!);
      return r.found ? r.value : value;
    }
    return value.replace(REF, (m, kind: string, path: string) => {
      const r = resolveRef(maps, kind, path);
      return r.found ? asString(r.value) : m;
    });
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, maps));
  if (isPlainObject(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, maps)]));
  return value;
}

function errorBody(e: { code: string; description: string }) {
  return { error: e.code, error_description: e.description };
}

export function runBatch(d: Dispatcher, params: Params, auth: AuthContext): unknown {
  const cmd = paramCI(params, "cmd");
  const halt = phpTruthy(paramCI(params, "halt"));
  const entries: [string, unknown][] = Array.isArray(cmd)
    ? cmd.map((v, i) => [String(i), v])
    : isPlainObject(cmd)
      ? Object.entries(cmd)
      : [];
  const maps: Maps = {
    result: new Map(),
    next: new Map(),
    total: new Map(),
    error: new Map(),
    time: new Map(),
  };
  for (const [i, [key, value]] of entries.entries()) {
    if (typeof value !== "string") continue;
    if (i >= BATCH_MAX) {
      maps.error.set(key, errorBody(errors.batchLength()));
      continue;
    }
    const q = value.indexOf("?");
    const method = (q >= 0 ? value.slice(0, q) : value)
      .trim()
      .toLowerCase()
      .replace(/\.json$/, "");
    if (method === "batch") {
      maps.error.set(key, errorBody(errors.batchNotAllowed()));
      if (halt) break;
      continue;
    }
    const sub = substitute(parseQuery(q >= 0 ? value.slice(q + 1) : ""), maps) as Params;
    const out = callMethod(d, method, sub, auth);
    if (!out.ok) {
      maps.error.set(key, errorBody(out.error));
      if (halt) break;
      continue;
    }
    maps.result.set(key, out.result);
    if (out.next !== undefined) maps.next.set(key, out.next);
    if (out.total !== undefined) maps.total.set(key, out.total);
    maps.time.set(key, out.time);
  }
  return {
    result: phpArray(maps.result),
    result_error: phpArray(maps.error),
    result_total: phpArray(maps.total),
    result_next: phpArray(maps.next),
    result_time: phpArray(maps.time),
  };
}
