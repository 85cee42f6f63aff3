/**
 * The filter bar's side of the URL state, used in the browser: the form's values derived from the parsed
 * filters, and the links a change, a reset or a move to another report leads to. Every key comes from
 * VIEW_FILTER_KEYS, so a new filter is a new key there, a fragment in ./filters.ts and a control in the bar.
 */
import type { Filters } from "./filters";
import { type MultiKey, VIEW_FILTER_KEYS, type ViewFilterKey } from "./keys";
import { href, type ParamChange, type ParamsInput, pickParams, withChanges } from "./params";
import { localDateBounds } from "./period";

/** A filter key's value as a form control holds it: text, a list, or a checkbox. */
export type FilterFormValues = {
  [K in ViewFilterKey]: K extends MultiKey ? string[] : K extends "compare" ? boolean : string;
} & {
  /** The dates the view covers now (inclusive, local): "custom" starts from them. */
  viewFrom: string;
  viewTo: string;
};

/** A change the bar makes: any of the view's keys, set or removed. */
export type FilterChanges = Partial<Record<ViewFilterKey, ParamChange>>;

const formValue = (x: unknown): string | string[] | boolean =>
  x === null || x === undefined
    ? ""
    : Array.isArray(x)
      ? x.map(String)
      : typeof x === "boolean"
        ? x
        : String(x);

/** The parsed filters as the bar's controls show them (defaults filled in, "" for none). */
export function filterFormValues(f: Filters, now: Date): FilterFormValues {
  const bounds = localDateBounds(f, now);
  const values = Object.fromEntries(VIEW_FILTER_KEYS.map((k) => [k, formValue(f[k])]));
  return { ...values, viewFrom: bounds.from, viewTo: bounds.to } as FilterFormValues;
}

/** The current page with the bar's changes applied; a new filter starts again at page 1. */
export function filterChangeHref(pathname: string, current: ParamsInput, changes: FilterChanges): string {
  return href(pathname, withChanges(current, changes as Record<string, ParamChange>, ["page"]));
}

/** The current page with every filter of the view removed (sorting and the rest stay), at page 1. */
export function filterResetHref(pathname: string, current: ParamsInput): string {
  const changes = Object.fromEntries(VIEW_FILTER_KEYS.map((k) => [k, null]));
  return href(pathname, withChanges(current, changes, ["page"]));
}

const VIEW: ReadonlySet<string> = new Set(VIEW_FILTER_KEYS);

/** A link to another page that keeps the view's filters (not its sort, page or slice). */
export function carryFiltersHref(path: string, current: ParamsInput): string {
  return href(
    path,
    pickParams(current, (k) => VIEW.has(k)),
  );
}
