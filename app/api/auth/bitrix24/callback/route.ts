import { cookies } from "next/headers";
import type { NextRequest } from "next/server";
import { AuthError } from "next-auth";
import { getDb } from "@/db";
import { signIn } from "@/lib/auth";
import { completeBitrix24SignIn, issueSignInTicket, SIGNIN_STATE_COOKIE } from "@/lib/auth/bitrix24-signin";
import { clientIp } from "@/lib/auth/credentials";
import { backToLogin, redirectHere, stateCookieOptions } from "../shared";

export const dynamic = "force-dynamic";

/**
 * The portal redirects here after its authorize step: ?code&state&domain&member_id (or ?error&state).
 * lib/auth/bitrix24-signin.ts checks the state against the cookie, exchanges the code and finds the linked
 * LossLens user; then next-auth's "bitrix24" provider turns a one-time ticket into the usual session cookie.
 * Any failure → /login with words, no session.
 */
export async function GET(request: NextRequest) {
  const q = new URL(request.url).searchParams;
  const { db } = await getDb();
  const result = await completeBitrix24SignIn(db, {
    state: q.get("state"),
    code: q.get("code"),
    error: q.get("error"),
    cookieState: request.cookies.get(SIGNIN_STATE_COOKIE)?.value,
    ip: clientIp(request.headers),
  });
  if (!result.ok) return backToLogin(request, result.reason);

  (await cookies()).set(SIGNIN_STATE_COOKIE, "", stateCookieOptions(request, 0));
  const ticket = await issueSignInTicket(db, result.user.id);
  try {
    // Puts the session cookie in the cookie store (Next merges it into the response returned below). Its own
    // redirect URL is absolute and built from request headers; a relative one keeps the browser's host.
    const url = await signIn("bitrix24", { ticket, redirectTo: result.next, redirect: false });
    if (typeof url === "string" && new URL(url, "http://x").searchParams.has("error"))
      return backToLogin(request, "failed");
  } catch (err) {
    if (err instanceof AuthError) return backToLogin(request, "failed");
    throw err;
  }
  return redirectHere(result.next);
}
