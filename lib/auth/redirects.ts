/**
 * The one place that decides where a user-given target may send the browser (`/login?next=`, the Bitrix24
 * sign-in's `next`, next-auth's `callbackUrl`/`redirectTo`). Pure: no next/*, no database.
 *
 * A target is judged the way the browser will read it, not by its raw text: WHATWG URL parsing drops tabs and
 * line breaks anywhere, turns `\` into `/`, resolves `.` and `..` segments, and decodes nothing else. So
 * `/\t/evil.example`, `/\evil.example` and `/.//evil.example` all become `//evil.example` (another host) in
 * the browser even though each starts with one "/". We parse with the same algorithm against a fixed origin,
 * keep the target only if it stays on that origin, and emit the normalised path + query + fragment — which is
 * plain ASCII (the parser percent-encodes the rest), so it is always a legal Location header value.
 */

/**
 * Without the real origin, a target must stay put on both an http and an https origin: `http:evil` is a path on
 * one and another host on the other, so it is refused rather than guessed at.
 */
const PROBE_ORIGINS = ["http://losslens.invalid", "https://losslens.invalid"] as const;

/** Longer targets are not links anyone made; they fall back rather than grow headers. */
export const MAX_TARGET_LENGTH = 2000;

/**
 * The normalised same-origin path (`/a?b#c`) of `target` resolved against `origin`, or null when the browser
 * would leave that origin (another host, another scheme, `javascript:`, protocol-relative after normalisation)
 * or the target is not a path at all.
 */
export function sameOriginPath(target: unknown, origin?: string): string | null {
  if (origin !== undefined) return pathOn(target, origin);
  const a = pathOn(target, PROBE_ORIGINS[0]);
  return a !== null && a === pathOn(target, PROBE_ORIGINS[1]) ? a : null;
}

function pathOn(target: unknown, origin: string): string | null {
  if (typeof target !== "string" || target.length === 0 || target.length > MAX_TARGET_LENGTH) return null;
  let base: URL;
  let url: URL;
  try {
    base = new URL(origin);
    url = new URL(target, base);
  } catch {
    return null;
  }
  if (url.origin !== base.origin || url.username || url.password) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Re-read what we would emit: a path that now begins with "//" (from "/.//host") is another host.
  let again: URL;
  try {
    again = new URL(path, base);
  } catch {
    return null;
  }
  if (again.href !== url.href || !path.startsWith("/") || path.startsWith("//")) return null;
  return path;
}

/** Pages a sign-in must not land on again (they would loop or mean nothing after signing in). */
const NOT_AFTER_SIGN_IN = [/^\/login(?:[/?#]|$)/, /^\/setup(?:[/?#]|$)/, /^\/api(?:[/?#]|$)/];

/**
 * Where to go after signing in: a same-origin path (see sameOriginPath), and not /login, /setup or /api/…;
 * anything else gives `fallback`. Every post-sign-in target goes through here.
 */
export function safeNext(next: unknown, fallback = "/overview"): string {
  const path = sameOriginPath(next);
  if (path === null || NOT_AFTER_SIGN_IN.some((re) => re.test(path))) return fallback;
  return path;
}

/**
 * next-auth's `callbacks.redirect`: an absolute URL on `baseUrl` for any target that stays on it, else the
 * base itself. Used for its own routes' `callbackUrl` and for `signIn`/`signOut`'s `redirectTo`.
 */
export function authRedirect({ url, baseUrl }: { url: string; baseUrl: string }): string {
  const path = sameOriginPath(url, baseUrl);
  let origin: string;
  try {
    origin = new URL(baseUrl).origin;
  } catch {
    return "/";
  }
  return `${origin}${path ?? "/"}`;
}
