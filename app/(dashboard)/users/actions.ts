"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { ROLES } from "@/db/schema";
import { defineAction } from "@/lib/auth/action";
import { audit } from "@/lib/auth/audit";
import { AppError } from "@/lib/auth/errors";
import { createUser, linkManager, setDisabled, setRole } from "@/lib/auth/users";
import { dbId } from "@/lib/params";

const userId = dbId;

/** An admin who disables or demotes themselves could leave nobody able to manage users. */
const SELF_CHANGE = new AppError("CONFLICT", {
  ru: "Нельзя отключить себя или снять с себя роль администратора",
  en: "You cannot disable yourself or drop your own admin role",
});

export const createUserAction = defineAction(
  {
    input: z.object({
      email: z.string().trim().toLowerCase().email().max(200),
      name: z.string().trim().min(1).max(100),
      role: z.enum(ROLES),
      password: z.string().min(10).max(200),
    }),
    roles: ["admin"],
  },
  async (input, viewer) => {
    const { db } = await getDb();
    const user = await createUser(db, input);
    await audit(db, {
      actorUserId: viewer.id,
      action: "user.create",
      target: user.email,
      details: { role: user.role },
    });
    revalidatePath("/users");
    return { id: user.id };
  },
);

export const setRoleAction = defineAction(
  { input: z.object({ userId, role: z.enum(ROLES) }), roles: ["admin"] },
  async ({ userId, role }, viewer) => {
    if (userId === viewer.id && role !== "admin") throw SELF_CHANGE;
    const { db } = await getDb();
    const user = await setRole(db, userId, role);
    await audit(db, { actorUserId: viewer.id, action: "user.role", target: user.email, details: { role } });
    revalidatePath("/users");
    return { id: user.id };
  },
);

export const setDisabledAction = defineAction(
  { input: z.object({ userId, disabled: z.stringbool() }), roles: ["admin"] },
  async ({ userId, disabled }, viewer) => {
    if (userId === viewer.id && disabled) throw SELF_CHANGE;
    const { db } = await getDb();
    const user = await setDisabled(db, userId, disabled);
    await audit(db, {
      actorUserId: viewer.id,
      action: disabled ? "user.disable" : "user.enable",
      target: user.email,
    });
    revalidatePath("/users");
    return { id: user.id };
  },
);

/** `link` is "<portalId>:<bitrixUserId>" from the picker, or "" to unlink. */
export const linkManagerAction = defineAction(
  {
    input: z.object({
      userId,
      link: z.union([z.literal(""), z.string().regex(/^\d{1,9}:\d{1,9}$/)]),
    }),
    roles: ["admin"],
  },
  async ({ userId, link }, viewer) => {
    const { db } = await getDb();
    const [portalId, b24UserId] = link.split(":").map(Number);
    const target = link && portalId && b24UserId ? { portalId, b24UserId } : null;
    const user = await linkManager(db, userId, target);
    await audit(db, {
      actorUserId: viewer.id,
      action: "user.link",
      target: user.email,
      details: { portalId: target?.portalId ?? null, b24UserId: target?.b24UserId ?? null },
    });
    revalidatePath("/users");
    return { id: user.id };
  },
);
