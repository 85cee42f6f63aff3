"use server";
/** Sign-out and the ru/en switch, used by the dashboard shell and the login page. */

import { cookies, headers } from "next/headers";
import { getDb } from "@/db";
import { LOCALE_COOKIE, toLocale } from "@/lib/i18n/config";
import { audit } from "./audit";
import { clientIp } from "./credentials";
import { getViewer } from "./guards";
import { signOut } from "./index";
import { endSessions, setLocale } from "./users";

export async function signOutAction(): Promise<void> {
  const viewer = await getViewer();
  if (viewer) {
    const { db } = await getDb();
    await endSessions(db, viewer.id);
    await audit(db, {
      actorUserId: viewer.id,
      action: "auth.sign_out",
      target: viewer.email,
      ip: clientIp(await headers()),
    });
  }
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
