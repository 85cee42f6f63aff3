"use server";
/** Sign-out and the ru/en switch, used by the dashboard shell and the login page. */

import { cookies } from "next/headers";
import { getDb } from "@/db";
import { LOCALE_COOKIE, toLocale } from "@/lib/i18n/config";
import { getViewer } from "./guards";
import { signOut } from "./index";
import { setLocale } from "./users";

/** Ends the session on the server too (next-auth's events.signOut in lib/auth/index.ts) and goes to /login. */
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/login" });
}

/** Sets the locale cookie (what next-intl reads) and, when signed in, remembers it on the user row. */
export async function setLocaleAction(form: FormData): Promise<void> {
  const locale = toLocale(String(form.get("locale") ?? ""));
  (await cookies()).set(LOCALE_COOKIE, locale, {
    httpOnly: true,
    sameSite: "lax",
    maxAge: 365 * 86400,
    path: "/",
  });
  const viewer = await getViewer();
  if (viewer && viewer.locale !== locale) await setLocale((await getDb()).db, viewer.id, locale);
}
