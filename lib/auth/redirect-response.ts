/**
 * Redirect responses that keep the browser on the host it is on. The Location is relative, so it never names
 * http://localhost:<port> (what request.url reads under `next start -H 127.0.0.1`) or a forged Host; and it
 * goes through sameOriginPath, so it is always a same-origin path and legal header text.
 */
import { NextResponse } from "next/server";
import { sameOriginPath } from "./redirects";

export function redirectHere(path: string, status: 303 | 307 | 308 = 303): NextResponse {
  const location = sameOriginPath(path) ?? "/";
  return new NextResponse(null, { status, headers: { Location: location, "Cache-Control": "no-store" } });
}
