/**
 * Every key a LossLens URL carries, listed once, in the order links write them. The parsers' schemas are typed
 * against these lists (a key missing from a schema, or a schema key missing here, fails to compile); the filter
 * bar, the sidebar links, share links and the hostile-parameter suites read the same lists.
 */

/** A view's filters: what moving between reports carries along, and what a share link freezes. */
export const VIEW_FILTER_KEYS = [
  "period",
  "from",
  "to",
  "compare",
  "pipeline",
  "stage",
  "managers",
  "department",
  "reasons",
  "source",
  "client",
  "amountMin",
  "amountMax",
] as const;
export type ViewFilterKey = (typeof VIEW_FILTER_KEYS)[number];

/** Keys that take several values (`managers=1,2` or `managers=1&managers=2`). */
export const MULTI_KEYS = ["managers", "reasons"] as const satisfies readonly ViewFilterKey[];
export type MultiKey = (typeof MULTI_KEYS)[number];

/** A table's state: its sort, page and page size. */
export const TABLE_KEYS = ["sort", "page", "size"] as const;
export type TableKey = (typeof TABLE_KEYS)[number];

/** Every key the filter model reads (`Filters`). */
export const FILTER_KEYS = [...VIEW_FILTER_KEYS, ...TABLE_KEYS] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

/** The comment browser's own keys, beside the filters. */
export const COMMENT_PARAM_KEYS = ["q", "author", "theme", "outcome", "priorWin", "after", "pos"] as const;
export type CommentParamKey = (typeof COMMENT_PARAM_KEYS)[number];

/** The clicked slice of a drill-down; in the URL each carries the `d_` prefix (`d_stage=OFFER`). */
export const SLICE_FIELDS = [
  "stage",
  "reached",
  "current",
  "pipeline",
  "reason",
  "raw",
  "capture",
  "manager",
  "outcome",
  "quadrant",
  "priorWin",
  "bothOutcomes",
  "month",
  "week",
  "basis",
  "deal",
] as const;
export type SliceField = (typeof SLICE_FIELDS)[number];
export const SLICE_PREFIX = "d_";
/** Every URL key of the clicked slice, as it appears in the URL (`d_stage`, …). */
export const SLICE_KEYS = SLICE_FIELDS.map((k) => `${SLICE_PREFIX}${k}` as const);

/** The drill-down's way back: the page a number was clicked on. */
export const BACK_PARAM = "back";

/** Every key any page reads from its URL. */
export const URL_KEYS = [...FILTER_KEYS, ...COMMENT_PARAM_KEYS, ...SLICE_KEYS, BACK_PARAM] as const;
