"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { auditLog } from "@/db/schema";
import { defineAction } from "@/lib/auth/action";
import { AppError } from "@/lib/auth/errors";
import type { Viewer } from "@/lib/auth/guards";
import { dbId } from "@/lib/params";
import { loadSeat } from "@/lib/reports/load";
import { deleteCompetitor, deleteTheme, saveCompetitor, saveTheme } from "@/lib/themes/admin";

async function portalOf(viewer: Viewer) {
  const seat = await loadSeat(viewer);
  if (!seat) throw new AppError("NOT_FOUND");
  return { db: seat.db, portalId: seat.portal.id };
}

const id = dbId;
const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());

export const saveThemeAction = defineAction(
  {
    input: z.object({
      id: id.optional().or(z.literal("").transform(() => undefined)),
      nameRu: z.string().trim().min(1).max(80),
      nameEn: z.string().trim().max(80).optional(),
      keywords: z.string().max(10_000),
      enabled: checkbox,
    }),
    roles: ["admin"],
  },
  async (input, viewer) => {
    const { db, portalId } = await portalOf(viewer);
    if (!(await saveTheme(db, portalId, input))) throw new AppError("NOT_FOUND");
    await db.insert(auditLog).values({ actorUserId: viewer.id, action: "themes.save", target: input.nameRu });
    revalidatePath("/themes");
    revalidatePath("/comments");
    return { saved: true };
  },
);

export const deleteThemeAction = defineAction(
  { input: z.object({ id }), roles: ["admin"] },
  async ({ id }, viewer) => {
    const { db, portalId } = await portalOf(viewer);
    if (!(await deleteTheme(db, portalId, id))) throw new AppError("NOT_FOUND");
    await db.insert(auditLog).values({ actorUserId: viewer.id, action: "themes.delete", target: String(id) });
    revalidatePath("/themes");
    revalidatePath("/comments");
    return { deleted: true };
  },
);

export const saveCompetitorAction = defineAction(
  {
    input: z.object({
      id: id.optional().or(z.literal("").transform(() => undefined)),
      name: z.string().trim().min(1).max(80),
      variants: z.string().max(5_000),
    }),
    roles: ["admin"],
  },
  async (input, viewer) => {
    const { db, portalId } = await portalOf(viewer);
    if (!(await saveCompetitor(db, portalId, input))) throw new AppError("NOT_FOUND");
    await db
      .insert(auditLog)
      .values({ actorUserId: viewer.id, action: "competitors.save", target: input.name });
    revalidatePath("/themes");
    return { saved: true };
  },
);

export const deleteCompetitorAction = defineAction(
  { input: z.object({ id }), roles: ["admin"] },
  async ({ id }, viewer) => {
    const { db, portalId } = await portalOf(viewer);
    if (!(await deleteCompetitor(db, portalId, id))) throw new AppError("NOT_FOUND");
    await db
      .insert(auditLog)
      .values({ actorUserId: viewer.id, action: "competitors.delete", target: String(id) });
    revalidatePath("/themes");
    return { deleted: true };
  },
);
