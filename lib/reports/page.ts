import { REPORT_KINDS } from "./registry";

/** The drill-down's way back: the page a number was clicked on. */
export const BACK_PARAM = "back";
const BACK_TARGETS = new Set<string>([...REPORT_KINDS, "comments", "themes", "me"]);

/** Where "← Back to the report" leads: a known page only (never a URL from the query), else Overview. */
export function backTarget(value: unknown): string {
  return typeof value === "string" && BACK_TARGETS.has(value) ? `/${value}` : "/overview";
}
