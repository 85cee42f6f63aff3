/**
 * Reading and writing search params, for the server (Next's `searchParams` record) and the browser
 * (`useSearchParams()`) alike: the only place that builds a query string from parts.
 */

/** Search params as Next gives them to a page, or as the browser holds them (`useSearchParams()`). */
export type ParamsInput = URLSearchParams | Record<string, string | string[] | undefined>;

/** URLSearchParams, or a look-alike from another realm or a framework wrapper (read through its own methods). */
const isSearch = (p: ParamsInput): p is URLSearchParams =>
  p instanceof URLSearchParams || typeof p.getAll === "function";

/** Every value of `key` (repeated keys in order); empty when absent. */
export function allValues(params: ParamsInput, key: string): string[] {
  if (isSearch(params)) return params.getAll(key);
  const v = params[key];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** The first non-empty value of `key`, or null (`?a=1&a=2` → "1"; arrays never reach a parser). */
export function firstParam(params: ParamsInput, key: string): string | null {
  const s = allValues(params, key)[0];
  return s === undefined || s === "" ? null : s;
}

/** A copy as URLSearchParams, every key and value kept in order. */
export function toSearchParams(params: ParamsInput = {}): URLSearchParams {
  if (isSearch(params)) return new URLSearchParams(params.toString());
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    for (const x of v === undefined ? [] : Array.isArray(v) ? v : [v]) out.append(k, x);
  return out;
}

/** A change to one key: a value, several (joined by commas), or null / "" / [] to remove it. */
export type ParamChange = string | readonly string[] | null;

/** The params with `changes` applied; `drop` names keys removed as well (a new filter starts at page 1). */
export function withChanges(
  params: ParamsInput,
  changes: Record<string, ParamChange>,
  drop: readonly string[] = [],
): URLSearchParams {
  const next = toSearchParams(params);
  for (const [k, val] of Object.entries(changes)) {
    const s = typeof val === "string" || val === null ? val : val.join(",");
    if (s === null || s === "") next.delete(k);
    else next.set(k, s);
  }
  for (const k of drop) next.delete(k);
  return next;
}

/** Only the keys for which `keep` holds, in their order. */
export function pickParams(params: ParamsInput, keep: (key: string) => boolean): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of toSearchParams(params)) if (keep(k)) out.append(k, v);
  return out;
}

/** `path?query`, or `path` alone when the query is empty. */
export function href(path: string, params: ParamsInput | string = ""): string {
  const q = typeof params === "string" ? params : toSearchParams(params).toString();
  return q ? `${path}?${q}` : path;
}
