"use server";

import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { getDb } from "@/db";
import { signIn } from "@/lib/auth";
import { formDataToObject } from "@/lib/auth/action-core";
import { audit } from "@/lib/auth/audit";
import { clientIp } from "@/lib/auth/credentials";
import { AppError } from "@/lib/auth/errors";
import { createFirstAdmin } from "@/lib/auth/users";
import { plainText } from "@/lib/params";

export type SetupState = { error: string; name: string; email: string } | null;

const input = z.object({
  // Stored as text: a NUL (or any control character) would fail the insert instead of getting a message.
  name: plainText(100).pipe(z.string().trim().min(1)),
  email: z.string().trim().toLowerCase().email().max(200),
  password: z.string().min(10).max(200),
});

/**
 * First start: the very first account becomes the admin and is signed in. Once any user exists this action
 * (like the page) answers 404 — it is a public POST endpoint, so the check is here, not only on the page.
 */
export async function createFirstAdminAction(_prev: SetupState, form: FormData): Promise<SetupState> {
  const t = await getTranslations("auth");
  const raw = formDataToObject(form);
  const echo = {
    name: typeof raw.name === "string" ? raw.name.slice(0, 100) : "",
    email: typeof raw.email === "string" ? raw.email.slice(0, 200) : "",
  };
  const parsed = input.safeParse(raw);
  if (!parsed.success) return { error: t("setupInvalid"), ...echo };
  const { db } = await getDb();
  let user: Awaited<ReturnType<typeof createFirstAdmin>>;
  try {
    user = await createFirstAdmin(db, parsed.data);
  } catch (err) {
    if (err instanceof AppError) notFound();
    throw err;
  }
  if (!user) notFound();
  await audit(db, {
    actorUserId: user.id,
    action: "auth.first_admin",
    target: user.email,
    ip: clientIp(await headers()),
  });
  // Straight to Settings: the admin's first job is connecting the portal.
  await signIn("credentials", {
    email: parsed.data.email,
    password: parsed.data.password,
    redirectTo: "/settings",
  });
  return null;
}
