import { NextResponse } from "next/server";
import { getDb } from "@/db";
import { SIGNIN_STATE_COOKIE, STATE_TTL_MS, startBitrix24SignIn } from "@/lib/auth/bitrix24-signin";
import { parseId } from "@/lib/params";
import { backToLogin, callbackUrl, stateCookieOptions } from "../shared";

export const dynamic = "force-dynamic";

/**
 * "Sign in with Bitrix24" (public): ?next=/path&portal=<id>. Sends the browser to the portal's
 * /oauth/authorize/ with a fresh state, which also goes into an http-only cookie for the callback to compare.
 * Without a portal connected by an OAuth app → back to /login with "not configured".
 */
export async function GET(request: Request) {
  const url = new URL(request.url);
  const { db } = await getDb();
  const started = await startBitrix24SignIn(db, {
    redirectUri: callbackUrl(request),
    // Not a storable id (2^31, -1, "abc") → as if none was given: the first OAuth portal.
    portalId: parseId(url.searchParams.get("portal")),
    next: url.searchParams.get("next")?.slice(0, 1000) ?? null,
  });
  if (!started.ok) return backToLogin(request, started.reason);
  const res = NextResponse.redirect(started.url, 303);
  res.cookies.set(SIGNIN_STATE_COOKIE, started.state, stateCookieOptions(request, STATE_TTL_MS / 1000));
  res.headers.set("Cache-Control", "no-store");
  return res;
}
