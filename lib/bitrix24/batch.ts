/**
 * The batch method's wire shapes: `$result[cmd][path]` references between commands, and PHP's habit of
 * serialising empty maps as [] and 0..n-1 maps as lists.
 */
type Params = Record<string, unknown>;

const REF = /^\$result\[([^\]]+)\]((?:\[[^\]]*\])*)$/i;

/** Does any param of this command reference (`$result[key]…`) one of these commands? */
export function refersTo(params: unknown, keys: Set<string>): boolean {
  if (typeof params === "string") {
    const m = REF.exec(params.trim());
    return Boolean(m && keys.has(m[1]!));
  }
  if (Array.isArray(params)) return params.some((p) => refersTo(p, keys));
  if (params && typeof params === "object") return Object.values(params).some((p) => refersTo(p, keys));
  return false;
}

/** Fills `$result[key][path]` references to commands that already succeeded (they are not in this request). */
export function resolveRefs(params: Params, results: Record<string, unknown>, running: Set<string>): Params {
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") {
      const m = REF.exec(v.trim());
      if (!m || running.has(m[1]!) || !(m[1]! in results)) return v;
      let node: unknown = results[m[1]!];
      for (const seg of [...m[2]!.matchAll(/\[([^\]]*)\]/g)].map((x) => x[1] ?? "")) {
        if (node && typeof node === "object" && seg in node) node = (node as Record<string, unknown>)[seg];
        else return v;
      }
      return typeof node === "string" || typeof node === "number" ? String(node) : v;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object")
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(params) as Params;
}

export interface RawBatch {
  result?: unknown;
  result_error?: unknown;
  result_total?: unknown;
  result_next?: unknown;
  result_time?: unknown;
}

export interface BatchResult {
  result: Record<string, unknown>;
  error: Record<string, { error: string; error_description?: string }>;
  total: Record<string, number>;
  next: Record<string, number>;
}

export function keyed(value: unknown, names: string[]): Record<string, unknown> {
  if (Array.isArray(value)) {
    // A PHP list: positions are command indexes when our keys were numeric strings, else it is an empty map.
    const out: Record<string, unknown> = {};
    value.forEach((v, i) => {
      out[names[i] ?? String(i)] = v;
    });
    return value.length === 0 ? {} : out;
  }
  return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
}
