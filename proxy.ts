/**
 * Runs before every page and API request (Next 16's name for middleware; Node.js runtime).
 * 1. Signed-out requests to anything but the public paths go to /login?next=… (API paths get 401 JSON). This is
 *    the outer fence only: every layout, page, server action and route handler re-checks with lib/auth/guards.
 * 2. Security headers on every response it passes: CSP, frame-ancestors, referrer policy, …
 * 3. A server action posted from another origin is refused here with 403 and words (Next itself refuses it
 *    too, but as a bare 500).
 */
import { type NextFetchEvent, type NextRequest, NextResponse } from "next/server";
import NextAuth from "next-auth";
import { authConfig } from "@/lib/auth/config";
import { type AppErrorCode, errorMessage, errorStatus } from "@/lib/auth/errors";
import { authSecret } from "@/lib/auth/secret";
import { PATH_HEADER } from "@/lib/auth/viewer";
import { LOCALE_COOKIE, toLocale } from "@/lib/i18n/config";
import { BASE_SECURITY_HEADERS } from "@/lib/server/security-headers";

const { auth } = NextAuth(() => ({ ...authConfig, secret: authSecret() }));

/** Reachable without a session. Each does its own checks (setup: only while no user exists; events: token). */
const PUBLIC_PATHS = [
  /^\/$/,
  /^\/login\/?$/,
  /^\/setup\/?$/,
  /^\/share(\/|$)/,
  /^\/api\/health\/?$/,
  /^\/api\/auth\//,
  /^\/api\/bitrix24\/events\/?$/,
  // OAuth redirects: a pending connect flow still needs the admin (the route checks); anything else is forwarded
  // to the "Sign in with Bitrix24" callback, which signed-out visitors must reach.
  /^\/api\/bitrix24\/oauth\/callback\/?$/,
  // `npm run sync` → the running server, authenticated by a loopback bearer token (lib/server-control.ts).
  /^\/api\/internal\//,
];

export function isPublicPath(pathname: string): boolean {
  return PUBLIC_PATHS.some((re) => re.test(pathname));
}

const dev = process.env.NODE_ENV !== "production";

// 'unsafe-inline' scripts: Next's inline bootstrap without per-request nonces (which would make every page
// dynamic). No third-party origins at all; React dev tooling needs eval and the HMR websocket.
const CSP = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  `connect-src 'self'${dev ? " ws: wss:" : ""}`,
  "frame-ancestors 'none'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join("; ");

export const SECURITY_HEADERS: Record<string, string> = {
  "Content-Security-Policy": CSP,
  ...BASE_SECURITY_HEADERS,
};

function withSecurityHeaders(res: NextResponse): NextResponse {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.headers.set(name, value);
  return res;
}

function jsonError(req: NextRequest, code: AppErrorCode): NextResponse {
  return withSecurityHeaders(
    NextResponse.json(
      { error: code, message: errorMessage(code, toLocale(req.cookies.get(LOCALE_COOKIE)?.value)) },
      { status: errorStatus(code), headers: { "Cache-Control": "no-store" } },
    ),
  );
}

/**
 * A POST that Next would run as a server action (Next-Action header, or a multipart form post to a page) whose
 * Origin is not the host it was sent to — the same comparison Next's action handler makes (first
 * X-Forwarded-Host value, else Host), which it answers with a bare 500. No Origin at all is let through,
 * as Next does: browsers always send one on cross-site POSTs.
 */
export function isCrossSiteAction(request: Request, pathname: string): boolean {
  if (request.method !== "POST" || pathname.startsWith("/api/")) return false;
  const h = request.headers;
  const action = h.has("next-action") || (h.get("content-type") ?? "").startsWith("multipart/form-data");
  const origin = h.get("origin");
  if (!action || origin === null) return false;
  let originHost: string;
  try {
    originHost = origin === "null" ? "null" : new URL(origin).host;
  } catch {
    return true;
  }
  const host = h.get("x-forwarded-host")?.split(",")[0]?.trim() || h.get("host");
  return originHost !== host;
}

const guarded = auth((req) => {
  const { pathname, search } = req.nextUrl;
  if (isCrossSiteAction(req, pathname)) return jsonError(req, "CROSS_SITE");
  if (!req.auth && !isPublicPath(pathname)) {
    if (pathname.startsWith("/api/")) return jsonError(req, "UNAUTHENTICATED");
    // Absolute here (the proxy adapter parses Location without a base), and Next makes a same-host one relative.
    const login = new URL("/login", req.nextUrl);
    login.searchParams.set("next", `${pathname}${search}`);
    return withSecurityHeaders(NextResponse.redirect(login));
  }
  // Overwrites whatever the client sent: guards read it to build /login?next=… when a session turns out stale.
  const headers = new Headers(req.headers);
  headers.set(PATH_HEADER, `${pathname}${search}`);
  return withSecurityHeaders(NextResponse.next({ request: { headers } }));
});

// With a lazy (function) config, next-auth's auth(handler) hands back a promise of the handler rather than the
// handler itself (next-auth 5.0.0-beta.32, lib/index.js initAuth); awaiting covers both shapes.
type ProxyHandler = (request: NextRequest, event: NextFetchEvent) => Promise<Response | undefined> | Response;
const handlerReady = guarded as unknown as ProxyHandler | Promise<ProxyHandler>;

export async function proxy(request: NextRequest, event: NextFetchEvent) {
  return (await handlerReady)(request, event);
}

export const config = {
  // Everything except build assets and static files (those carry no data and need no headers).
  matcher: [
    "/((?!_next/static|_next/image|favicon\\.ico|.*\\.(?:png|jpe?g|gif|svg|ico|webp|css|js|map|txt|woff2?)$).*)",
  ],
};
