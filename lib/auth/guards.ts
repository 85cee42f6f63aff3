/**
 * Guards for layouts, pages, server actions and route handlers. The session cookie only says who signed in; the
 * user row is re-read on every request, so disabling someone or changing their role takes effect at once.
 *
 * Refusals: a signed-out visitor is sent to /login?next=<where they were>; a signed-in user outside the page's
 * roles gets notFound() (HTTP 404) — the page does not admit it exists, and it needs no next.config change.
 * (next/navigation's forbidden() would answer 403 but only with `experimental.authInterrupts: true`.)
 */
import "server-only";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db";
import type { Role } from "@/db/schema";
import { auth } from "./index";
import { safeNext } from "./redirects";
import { findUserById } from "./users";
import { PATH_HEADER, sessionIsCurrent, type Viewer } from "./viewer";

export { scopeFor, type Viewer } from "./viewer";

/** The signed-in, enabled user, or null. Deduplicated within one request (layout + page + action). */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  const session = await auth();
  const id = Number(session?.user?.id);
  if (!Number.isInteger(id) || id <= 0) return null;
  const { db } = await getDb();
  const user = await findUserById(db, id);
  // The e-mail check refuses a cookie minted for another database whose user happened to share the id.
  if (!user || user.disabled || user.email !== session?.user?.email) return null;
  // Signed out since this session began: the cookie may have been re-issued by a request in flight.
  if (!sessionIsCurrent(session?.user?.loginAt, user.sessionsValidAfter)) return null;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    portalId: user.portalId,
    b24UserId: user.b24UserId,
    locale: user.locale,
  };
});

async function currentPath(): Promise<string> {
  return safeNext((await headers()).get(PATH_HEADER), "/overview");
}

/** The viewer, or a redirect to /login?next=<path> (the current path unless `next` is given). */
export async function requireViewer(next?: string): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) redirect(`/login?next=${encodeURIComponent(next ?? (await currentPath()))}`);
  return viewer;
}

/** The viewer if their role is in `roles`; signed out → /login, wrong role → 404 (see the note above). */
export async function requireRole(roles: readonly Role[], next?: string): Promise<Viewer> {
  const viewer = await requireViewer(next);
  if (!roles.includes(viewer.role)) notFound();
  return viewer;
}
