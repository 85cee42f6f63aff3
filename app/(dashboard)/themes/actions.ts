"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { auditLog } from "@/db/schema";
import { defineAction } from "@/lib/auth/action";
import { AppError } from "@/lib/auth/errors";
import type { Viewer } from "@/lib/auth/guards";
import { bumpFactsVersion } from "@/lib/facts/version";
import { dbId } from "@/lib/params";
import { loadSeat } from "@/lib/reports/load";
import { deleteCompetitor, deleteTheme, saveCompetitor, saveTheme } from "@/lib/themes/admin";
import { addProposedCompetitor, dismissCompetitorProposal } from "@/lib/themes/proposals";

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

const proposedName = z
  .string()
  .trim()
  .min(1)
  .max(80)
  .refine((s) => /[\p{L}\p{N}]/u.test(s));

/** An admin adds a proposed unknown competitor (lib/themes/proposals.ts): the competitor code re-tags. */
export const addProposedCompetitorAction = defineAction(
  {
    input: z.object({
      name: proposedName,
      variants: z.preprocess((v) => (v === undefined ? [] : [v].flat()), z.array(proposedName).max(20)),
    }),
    roles: ["admin"],
  },
  async (input, viewer) => {
    const { db, portalId } = await portalOf(viewer);
    if (!(await addProposedCompetitor(db, portalId, input))) throw new AppError("NOT_FOUND");
    await bumpFactsVersion(db, portalId);
    await db
      .insert(auditLog)
      .values({ actorUserId: viewer.id, action: "competitors.add_proposed", target: input.name });
    revalidatePath("/themes");
    revalidatePath("/comments");
    return { saved: true };
  },
);

/** An admin says a proposed name is not a competitor: it is not proposed again. */
export const dismissCompetitorProposalAction = defineAction(
  { input: z.object({ name: proposedName }), roles: ["admin"] },
  async ({ name }, viewer) => {
    const { db, portalId } = await portalOf(viewer);
    const key = await dismissCompetitorProposal(db, portalId, name, viewer.id);
    await db
      .insert(auditLog)
      .values({ actorUserId: viewer.id, action: "competitors.dismiss_proposal", target: key });
    revalidatePath("/themes");
    return { dismissed: true };
  },
);
