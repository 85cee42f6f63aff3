/**
 * Anonymous `GET /api/health` answered at the Node http layer, before Next routes the request. Through Next, even
 * this tiny answer costs ~4 ms of CPU (routing, the proxy's session check, the route handler), so at 50 callers on
 * two cores it waited hundreds of milliseconds in line; here it costs well under a millisecond and reads the same
 * `getPublicHealth` (lib/health.ts: up/down and the schema version, one database check per second at most).
 *
 * Only requests that carry no session cookie are answered here: a signed-in caller (an admin wants the counts)
 * goes through Next and app/api/health/route.ts as before. Installed once from instrumentation.ts.
 */
import http from "node:http";
import { getDb } from "@/db";
import { getPublicHealth } from "./health";
import { BASE_SECURITY_HEADERS } from "./server/security-headers";

const g = globalThis as unknown as { __losslensFastHealth?: boolean };

/** The security headers proxy.ts and next.config.ts give every response (a stricter CSP: this is bare JSON). */
const HEADERS = {
  "Content-Type": "application/json",
  "Cache-Control": "no-store",
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
  ...BASE_SECURITY_HEADERS,
};

/** GET or HEAD of /api/health (optionally with a trailing slash or a query), with no session cookie. */
export function isAnonymousHealthCheck(
  req: Pick<http.IncomingMessage, "method" | "url" | "headers">,
): boolean {
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  const path = (req.url ?? "").split("?")[0];
  if (path !== "/api/health" && path !== "/api/health/") return false;
  return !/(^|;\s*)(__Secure-)?authjs\.session-token(\.\d+)?=/.test(req.headers.cookie ?? "");
}

async function answer(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  let status = 200;
  let body: unknown;
  try {
    body = await getPublicHealth(await getDb());
  } catch (err) {
    // As the route does: the reason stays in the server log, the caller learns only that the database is down.
    console.error("[health] database check failed", err);
    status = 503;
    body = { ok: false, error: "DB_UNAVAILABLE" };
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { ...HEADERS, "Content-Length": Buffer.byteLength(text) });
  res.end(req.method === "HEAD" ? undefined : text);
}

/** Hooks every http.Server of this process (the one `next start` creates). Idempotent. */
export function installFastHealth(): void {
  if (g.__losslensFastHealth) return;
  type Emit = (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  const proto = http.Server.prototype as unknown as { emit: Emit };
  const original = proto.emit;
  proto.emit = function emit(this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request" && isAnonymousHealthCheck(args[0] as http.IncomingMessage)) {
      void answer(args[0] as http.IncomingMessage, args[1] as http.ServerResponse);
      return true;
    }
    return original.call(this, event, ...args);
  };
  g.__losslensFastHealth = true;
}
