"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { getFilterLookups } from "@/lib/analytics/lookups";
import { defineAction } from "@/lib/auth/action";
import { AppError } from "@/lib/auth/errors";
import type { Viewer } from "@/lib/auth/viewer";
import { reportNow } from "@/lib/reports/context";
import { loadSeat } from "@/lib/reports/load";
import { createShareInput, createShareLink, revokeShareLink } from "@/lib/share/links";

const ALL_ROLES = ["admin", "director", "manager"] as const;

/** The portal a viewer's links belong to: a manager's own, else the installation's portal. */
async function seatOf(viewer: Viewer) {
  const seat = await loadSeat(viewer);
  if (!seat) throw new AppError("NOT_FOUND");
  return seat;
}

/** The dialog's manager picker: the managers the viewer may narrow to (a manager: only themselves). */
export const shareManagersAction = defineAction(
  { input: z.object({}), roles: ALL_ROLES },
  async (_input, viewer) => {
    const { db, scope } = await seatOf(viewer);
    const { managers = {} } = await getFilterLookups(db, scope);
    return {
      fixed: scope.managerIds !== null,
      managers: Object.entries(managers).map(([id, name]) => ({ id: Number(id), name })),
    };
  },
);

/** Role and scope are re-checked inside createShareLink: a manager can only ever freeze their own deals. */
export const createShareLinkAction = defineAction(
  { input: createShareInput, roles: ALL_ROLES },
  async (input, viewer) => {
    const { db, portal } = await seatOf(viewer);
    const link = await createShareLink(
      db,
      viewer,
      { id: portal.id, offset: portal.offset },
      input,
      new Date(),
      // Only the relative period is frozen by the report clock; expiry runs on the real one.
      reportNow(),
    );
    revalidatePath("/shared-links");
    return { id: link.id, path: `/share/${link.token}`, expiresAt: link.expiresAt.toISOString() };
  },
);

export const revokeShareLinkAction = defineAction(
  { input: z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) }), roles: ALL_ROLES },
  async ({ id }, viewer) => {
    const { db } = await getDb();
    await revokeShareLink(db, viewer, id, new Date());
    revalidatePath("/shared-links");
    return { id };
  },
);
