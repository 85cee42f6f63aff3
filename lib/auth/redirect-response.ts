/**
 * Redirect responses that keep the browser on the host it is on. The Location is relative, so it never names
 * http://localhost:<port> (what request.url reads under `next start -H 127.0.0.1`) or a forged Host; and it
 * goes through sameOriginPath, so it is always a same-origin path and legal header text.
 */
import { NextResponse } from "next/server";
import { sameOriginPath } from "./redirects";

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

export function redirectHere(path: string, status: 303 | 307 | 308 = 303): NextResponse {
  const location = sameOriginPath(path) ?? "/";
  return new NextResponse(null, { status, headers: { Location: location, "Cache-Control": "no-store" } });
}

/**
 * The same request, addressed to the public origin. next-auth builds its redirects (callbackUrl, /login?error=…)
 * from request.url, which Next spells http://localhost:<port> (the address `next start` listens on, and any
 * loopback host becomes "localhost" in a NextRequest), whatever host the browser used. A plain Request keeps
 * the origin it is given. With AUTH_URL set, next-auth rewrites the URL itself and this steps aside.
 */
export async function onPublicOrigin(request: Request): Promise<Request> {
  if (process.env.AUTH_URL ?? process.env.NEXTAUTH_URL) return request;
  const target = publicOrigin(request);
  const url = new URL(request.url);
  if (target.origin === url.origin) return request;
  const body =
    request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
  return new Request(new URL(`${url.pathname}${url.search}`, target), {
    method: request.method,
    headers: request.headers,
    body,
  });
}
