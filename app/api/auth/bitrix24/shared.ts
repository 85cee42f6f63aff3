/** Shared by the Bitrix24 sign-in routes: where the app is reached from outside, and the way back to /login. */
import type { NextResponse } from "next/server";
import {
  CALLBACK_PATH,
  SIGNIN_COOKIE_PATH,
  SIGNIN_STATE_COOKIE,
  type SignInFailure,
} from "@/lib/auth/bitrix24-signin";
import { publicOrigin, redirectHere } from "@/lib/auth/redirect-response";

export { publicOrigin, redirectHere };

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
