/** Shared by the Bitrix24 sign-in routes: where the app is reached from outside, and the way back to /login. */
import { NextResponse } from "next/server";
import {
  CALLBACK_PATH,
  SIGNIN_COOKIE_PATH,
  SIGNIN_STATE_COOKIE,
  type SignInFailure,
} from "@/lib/auth/bitrix24-signin";

/** AUTH_URL when set (behind a reverse proxy), else the origin this request came in on. */
export function publicOrigin(request: Request): URL {
  const configured = process.env.AUTH_URL;
  if (configured) {
    try {
      return new URL(new URL(configured).origin);
    } catch {
      // a malformed AUTH_URL: fall back to the request
    }
  }
  return new URL(new URL(request.url).origin);
}

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
  const res = NextResponse.redirect(new URL(`/login?b24error=${reason}`, publicOrigin(request)), 303);
  res.cookies.set(SIGNIN_STATE_COOKIE, "", stateCookieOptions(request, 0));
  res.headers.set("Cache-Control", "no-store");
  return res;
}
