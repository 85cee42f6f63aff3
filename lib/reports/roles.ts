/**
 * Who may open which report. Managers and Strategies compare managers with each other: a manager's data scope
 * would reduce "the team" to himself (his own figure shown as the team median), so they are for directors and
 * admins, and a manager is sent to /me, which compares him with anonymised team figures.
 */
import type { Role } from "@/db/schema";

const TEAM_REPORTS: ReadonlySet<string> = new Set(["managers", "strategies"]);

export function mayOpenReport(role: Role, kind: string): boolean {
  return role !== "manager" || !TEAM_REPORTS.has(kind);
}
