/**
 * The security headers every response carries apart from its Content-Security-Policy, which differs by kind of
 * answer (pages in proxy.ts, bare JSON in lib/health-http.ts). One list, so the two never drift apart.
 */
export const BASE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
  "Cross-Origin-Opener-Policy": "same-origin",
};
