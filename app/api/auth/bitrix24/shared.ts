/** Shared by the Bitrix24 sign-in routes: where the app is reached from outside, and the way back to /login. */
import type { NextResponse } from "next/server";
import {
  CALLBACK_PATH,
  SIGNIN_COOKIE_PATH,
  SIGNIN_STATE_COOKIE,
  type SignInFailure,
} from "@/lib/auth/bitrix24-signin";
import { redirectHere } from "@/lib/auth/redirect-response";

/**
 * Where the browser reaches this app: AUTH_URL when set, else the forwarded or plain Host header (what next-auth
 * does with trustHost). Not request.url: `next start -H 127.0.0.1` builds that as http://localhost:<port>, a
 * different cookie host than the one the browser is on.
 */
export function publicOrigin(request: Request): URL {
  const configured = process.env.AUTH_URL ?? process.env.NEXTAUTH_URL;
  if (configured) {
    try {
      return new URL(new URL(configured).origin);
    } catch {
      // a malformed AUTH_URL: fall back to the request
    }
  }
  const h = request.headers;
  const host = h.get("x-forwarded-host")?.split(",")[0]?.trim() || h.get("host")?.trim();
  const proto =
    h.get("x-forwarded-proto")?.split(",")[0]?.trim() || new URL(request.url).protocol.slice(0, -1);
  if (host && /^[A-Za-z0-9.-]+(:\d+)?$|^\[[0-9A-Fa-f:.]+\](:\d+)?$/.test(host))
    return new URL(`${proto === "https" ? "https" : "http"}://${host}`);
  return new URL(new URL(request.url).origin);
}

export { redirectHere };

export function callbackUrl(request: Request): string {
  return new URL(CALLBACK_PATH, publicOrigin(request)).toString();
}

export function stateCookieOptions(request: Request, maxAgeSec: number) {
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    secure: publicOrigin(request).protocol === "https:",
    path: SIGNIN_COOKIE_PATH,
    maxAge: maxAgeSec,
  };
}

/** 303 to /login with a reason code that the page turns into words (and nothing else), state cookie dropped. */
export function backToLogin(request: Request, reason: SignInFailure): NextResponse {
  const res = redirectHere(`/login?b24error=${reason}`);
  res.cookies.set(SIGNIN_STATE_COOKIE, "", stateCookieOptions(request, 0));
  return res;
}
