"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/auth/action";
import { AppError } from "@/lib/auth/errors";
import type { Viewer } from "@/lib/auth/guards";
import { dbId } from "@/lib/params";
import {
  type Actor,
  createNamedReason,
  mapRawReason,
  renameReason,
  setReasonTheme,
} from "@/lib/reasons/admin";
import { acceptProposal, mergeReasons, rejectProposal, splitReason } from "@/lib/reasons/admin-merge";
import { loadSeat } from "@/lib/reports/load";

/** The admin's portal: every change is to the portal the admin is seated at, never one named in the form. */
async function actorOf(viewer: Viewer) {
  const seat = await loadSeat(viewer);
  if (!seat) throw new AppError("NOT_FOUND");
  const actor: Actor = { portalId: seat.portal.id, userId: viewer.id };
  return { db: seat.db, actor };
}

const PAGE = "/settings/reasons";
const done = <T>(result: T) => {
  revalidatePath(PAGE);
  return result;
};

const name = z.string().trim().min(1).max(80);
/** A select's "not specified" (or no theme): the empty option. */
const orNone = z.union([z.literal("").transform(() => null), z.literal("none").transform(() => null), dbId]);
const rawKey = z.string().regex(/^(stage|field):[^,\s\p{Cc}]{1,100}$/u);
const pair = z.object({ a: dbId, b: dbId });

export const createReasonAction = defineAction(
  { input: z.object({ name }), roles: ["admin"] },
  async (input, viewer) => {
    const { db, actor } = await actorOf(viewer);
    return done(await createNamedReason(db, actor, input.name));
  },
);

export const renameReasonAction = defineAction(
  { input: z.object({ id: dbId, name }), roles: ["admin"] },
  async (input, viewer) => {
    const { db, actor } = await actorOf(viewer);
    return done(await renameReason(db, actor, input.id, input.name));
  },
);

export const setReasonThemeAction = defineAction(
  { input: z.object({ id: dbId, themeId: orNone }), roles: ["admin"] },
  async (input, viewer) => {
    const { db, actor } = await actorOf(viewer);
    return done(await setReasonTheme(db, actor, input.id, input.themeId));
  },
);

export const mapRawReasonAction = defineAction(
  { input: z.object({ rawKey, reasonId: orNone }), roles: ["admin"] },
  async (input, viewer) => {
    const { db, actor } = await actorOf(viewer);
    return done(await mapRawReason(db, actor, input.rawKey, input.reasonId));
  },
);

export const mergeReasonAction = defineAction(
  { input: z.object({ id: dbId, into: dbId }), roles: ["admin"] },
  async (input, viewer) => {
    const { db, actor } = await actorOf(viewer);
    return done(await mergeReasons(db, actor, input.id, input.into));
  },
);

export const splitReasonAction = defineAction(
  { input: z.object({ id: dbId }), roles: ["admin"] },
  async (input, viewer) => {
    const { db, actor } = await actorOf(viewer);
    return done(await splitReason(db, actor, input.id));
  },
);

export const acceptProposalAction = defineAction({ input: pair, roles: ["admin"] }, async (input, viewer) => {
  const { db, actor } = await actorOf(viewer);
  return done(await acceptProposal(db, actor, input.a, input.b));
});

export const rejectProposalAction = defineAction({ input: pair, roles: ["admin"] }, async (input, viewer) => {
  const { db, actor } = await actorOf(viewer);
  return done(await rejectProposal(db, actor, input.a, input.b));
});
