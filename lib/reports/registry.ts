/**
 * Every report, declared once: its kind and who may open it. Navigation, the page's role check, CSV export,
 * warm-up, the share page and the e2e list all read this list.
 *
 * Managers and Strategies compare managers with each other: a manager's data scope would reduce "the team" to
 * himself (his own figure shown as the team median), so they are for directors and admins, and a manager is sent
 * to /me, which compares him with anonymised team figures.
 */
import type { Role } from "@/db/schema";

export const REPORT_KINDS = ["overview", "stages", "reasons", "managers", "clients", "strategies"] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** The pages that show report data without being one of the reports above. */
export type PageKind = ReportKind | "deals" | "comments" | "themes" | "me";

const TEAM_REPORTS: ReadonlySet<string> = new Set<ReportKind>(["managers", "strategies"]);

export const isReportKind = (k: string): k is ReportKind => (REPORT_KINDS as readonly string[]).includes(k);

/** Whether `role` may open the report or page `kind`. */
export function mayOpenReport(role: Role, kind: string): boolean {
  return role !== "manager" || !TEAM_REPORTS.has(kind);
}
