"use server";

import { AuthError } from "next-auth";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { getDb } from "@/db";
import { signIn } from "@/lib/auth";
import { formDataToObject } from "@/lib/auth/action-core";
import { credentialsInput } from "@/lib/auth/credentials";
import { errorMessage } from "@/lib/auth/errors";
import { safeNext } from "@/lib/auth/redirects";
import { findByEmail } from "@/lib/auth/users";
import { toLocale } from "@/lib/i18n/config";

export type LoginState = { error: string; email: string } | null;

const input = credentialsInput.extend({ next: z.string().max(1000).optional() });

/**
 * Signs in through Auth.js (which runs lib/auth/credentials.ts: rate limit, argon2id check, audit). The answer is
 * in words and never says whether the e-mail exists.
 */
export async function signInAction(_prev: LoginState, form: FormData): Promise<LoginState> {
  const t = await getTranslations("auth");
  const raw = formDataToObject(form);
  const email = typeof raw.email === "string" ? raw.email.slice(0, 200) : "";
  const parsed = input.safeParse(raw);
  if (!parsed.success) return { error: t("enterCredentials"), email };
  // Managers land on their self-review page, everyone else on the overview (unless they were going somewhere).
  const { db } = await getDb();
  const home = (await findByEmail(db, parsed.data.email))?.role === "manager" ? "/me" : "/overview";
  try {
    await signIn("credentials", {
      email: parsed.data.email,
      password: parsed.data.password,
      redirectTo: safeNext(parsed.data.next, home),
    });
    return null;
  } catch (err) {
    if (err instanceof AuthError) {
      if ((err as AuthError & { code?: string }).code === "rate_limited")
        return { error: errorMessage("RATE_LIMITED", toLocale(await getLocale())), email };
      return { error: t("wrongCredentials"), email };
    }
    throw err; // the redirect that follows a successful sign-in
  }
}
