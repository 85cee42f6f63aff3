/**
 * Which requests the http-layer health answer takes (lib/health-http.ts): anonymous GET/HEAD of /api/health only;
 * a signed-in caller (an admin wants the counts) and every other path go on to Next.
 */
import { describe, expect, it } from "vitest";
import { isAnonymousHealthCheck } from "@/lib/health-http";

const req = (method: string, url: string, cookie?: string) => ({
  method,
  url,
  headers: cookie === undefined ? {} : { cookie },
});

describe("anonymous health check at the http layer", () => {
  it("takes anonymous GET and HEAD of /api/health, with a slash or a query", () => {
    for (const r of [
      req("GET", "/api/health"),
      req("HEAD", "/api/health"),
      req("GET", "/api/health/"),
      req("GET", "/api/health?probe=1"),
      req("GET", "/api/health", "locale=en; other=1"),
    ])
      expect(isAnonymousHealthCheck(r)).toBe(true);
  });

  it("leaves signed-in callers, other methods and other paths to Next", () => {
    for (const r of [
      req("GET", "/api/health", "authjs.session-token=abc"),
      req("GET", "/api/health", "locale=ru; __Secure-authjs.session-token=abc"),
      req("GET", "/api/health", "authjs.session-token.0=abc; authjs.session-token.1=def"),
      req("POST", "/api/health"),
      req("GET", "/api/healthz"),
      req("GET", "/api/health/extra"),
      req("GET", "/overview"),
    ])
      expect(isAnonymousHealthCheck(r)).toBe(false);
  });
});
