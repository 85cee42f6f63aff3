/** Who is looking, and what that lets them read. Pure: no next/*, no database. */
import type { Role } from "@/db/schema/app";
import type { DataScope } from "@/lib/analytics/scope";

export interface Viewer {
  id: number;
  email: string;
  name: string;
  role: Role;
  portalId: number | null;
  b24UserId: number | null;
  locale: "ru" | "en";
}

/** Set by proxy.ts on every request it passes on: the path (and query) being rendered, for /login?next=. */
export const PATH_HEADER = "x-losslens-path";

export type ViewerProvider = () => Promise<Viewer | null>;

/**
 * A manager reads only the deals of the Bitrix24 user they are linked to — nothing when not linked, or linked on
 * another portal. Directors and admins read every manager (managerIds null).
 */
export function scopeFor(
  viewer: Pick<Viewer, "role" | "portalId" | "b24UserId">,
  portalId: number,
): DataScope {
  if (viewer.role !== "manager") return { portalId, managerIds: null };
  const linked = viewer.b24UserId !== null && viewer.portalId === portalId;
  return { portalId, managerIds: linked ? [viewer.b24UserId as number] : [] };
}

/**
 * Whether a session that began at `loginAt` (ms) still stands for a user whose sessions before
 * `validAfter` were voided (by signing out). Sessions without a start time are old cookies: not current.
 */
export function sessionIsCurrent(loginAt: number | null | undefined, validAfter: Date | null): boolean {
  if (typeof loginAt !== "number" || !Number.isFinite(loginAt)) return false;
  return validAfter === null || loginAt > validAfter.getTime();
}
