/**
 * Hostile: every open-redirect form against the one rule that judges redirect targets (lib/auth/redirects.ts),
 * read the way a browser reads it (WHATWG URL against real origins), and a tripwire over the source tree: a
 * file that starts redirecting somewhere new must be looked at and listed here.
 * The browser-side twin (real Chromium, every redirecting route) is e2e/hostile-auth.spec.ts.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { authRedirect, safeNext, sameOriginPath } from "@/lib/auth/redirects";
import { GOOD_TARGETS, redirectForms } from "./auth-redirect-forms";

const ORIGINS = ["http://127.0.0.1:3121", "https://losslens.example", "https://crm.example:8443"];
const FORMS = redirectForms();

/** What a browser does with a Location/href on `origin`: the origin it ends up on. */
const browserOrigin = (target: string, origin: string) => new URL(target, origin).origin;

describe("sameOriginPath / safeNext: the browser-normalised open-redirect forms", () => {
  it(`keeps every one of ${FORMS.length} hostile forms on the app's origin, as plain ASCII`, () => {
    expect(FORMS.length).toBeGreaterThan(150);
    const escaped: string[] = [];
    for (const form of FORMS) {
      const next = safeNext(form);
      for (const origin of ORIGINS) {
        if (browserOrigin(next, origin) !== origin)
          escaped.push(`${JSON.stringify(form)} → ${next} on ${origin}`);
        const judged = sameOriginPath(form, origin);
        if (judged !== null && browserOrigin(judged, origin) !== origin)
          escaped.push(`${JSON.stringify(form)} → ${judged} (sameOriginPath) on ${origin}`);
      }
      // A Location header must be visible ASCII: no CR/LF to split it, no byte Node refuses (the old 500).
      expect(next, JSON.stringify(form)).toMatch(/^\/[\x21-\x7e]*$/);
      expect(next.startsWith("//")).toBe(false);
    }
    expect(escaped).toEqual([]);
  });

  it("sends every form that would leave the origin as-is to the default page (no repairing hostile input)", () => {
    let leaving = 0;
    for (const form of FORMS)
      for (const origin of ORIGINS) {
        let leaves: boolean;
        try {
          leaves = browserOrigin(form, origin) !== origin || /^\/\//.test(new URL(form, origin).pathname);
        } catch {
          leaves = true;
        }
        if (!leaves) continue;
        leaving++;
        expect(safeNext(form, "/home-default"), `${JSON.stringify(form)} on ${origin}`).toBe("/home-default");
      }
    expect(leaving).toBeGreaterThan(100);
  });

  it("keeps same-origin paths, normalised", () => {
    for (const [target, expected] of GOOD_TARGETS) expect(safeNext(target)).toBe(expected);
  });

  it("never lands a sign-in on /login, /setup or /api (loops), whatever the spelling", () => {
    for (const target of [
      "/login",
      "/login?next=/x",
      "/./login",
      "/x/../setup",
      "/api/auth/signout",
      "/%6Cogin",
    ])
      expect(safeNext(target, "/fallback")).toMatch(/^\/(fallback|%6Cogin)$/);
  });

  it("refuses non-strings and empty values", () => {
    for (const bad of [null, undefined, "", 42, ["/overview"], { href: "/overview" }])
      expect(safeNext(bad, "/d")).toBe("/d");
  });

  it("next-auth's redirect callback keeps callbackUrl on baseUrl for every form", () => {
    for (const baseUrl of ORIGINS)
      for (const url of [...FORMS, ...FORMS.map((f) => `${baseUrl}${f}`)]) {
        const out = authRedirect({ url, baseUrl });
        expect(new URL(out).origin, `${JSON.stringify(url)} → ${out}`).toBe(baseUrl);
        expect(out).toMatch(/^[\x21-\x7e]+$/);
      }
    expect(authRedirect({ url: "/login", baseUrl: ORIGINS[0] as string })).toBe(`${ORIGINS[0]}/login`);
  });
});

/**
 * Every file that issues a redirect, with what decides its target. A new one fails here until it is read and
 * listed (and, if it takes a target from the request, routed through lib/auth/redirects.ts).
 */
const REDIRECTING_FILES: Record<string, string> = {
  "app/(auth)/login/page.tsx": "safeNext(?next) when signed in; /setup literal",
  "app/(auth)/login/actions.ts": "signIn redirectTo = safeNext(next)",
  "app/api/auth/bitrix24/shared.ts": "redirectHere (sameOriginPath) for /login?b24error=<known code>",
  "app/api/auth/bitrix24/start/route.ts": "the portal's authorize URL from the database (not user input)",
  "app/api/auth/bitrix24/callback/route.ts": "redirectHere(safeNext(stored next))",
  "app/api/bitrix24/oauth/callback/route.ts": "redirectHere: /settings?oauth=<code>, the sign-in callback",
  "app/share/[token]/gone/route.ts": "redirectHere(/share/<encoded token>)",
  "app/share/[token]/page.tsx": "redirect(/share/<encoded token>/gone)",
  "app/setup/actions.ts": "signIn redirectTo literal /settings",
  "app/(dashboard)/settings/actions.ts": "admin-only OAuth connect: the admin's own portal authorize URL",
  "app/(dashboard)/settings/_components/oauth-connect-form.tsx": "follows that authorize URL (admin only)",
  "lib/auth/guards.ts": "redirect(/login?next=<encoded current path>)",
  "lib/auth/session-actions.ts": "signOut redirectTo literal /login",
  "lib/auth/redirect-response.ts": "the helper itself",
  "lib/auth/redirects.ts": "the rule itself",
  "lib/auth/config.ts": "callbacks.redirect = authRedirect",
  "proxy.ts": "/login?next=<encoded path>, absolute on the request's own URL (Next relativises it)",
  "lib/reports/load.ts": "redirect(/me) literal: a manager opening a team report",
};

const REDIRECT_CALL =
  /\bredirect\(|permanentRedirect\(|NextResponse\.redirect\(|Response\.redirect\(|["']location["']\s*:|\bredirectTo\b|\bredirectHere\(/i;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(ts|tsx)$/.test(entry.name)) out.push(full);
  }
  return out;
}

describe("every redirect in the code is known", () => {
  it("lists each file that redirects, and nothing redirects by request.url", () => {
    const root = process.cwd();
    const files = [
      ...sourceFiles(path.join(root, "app")),
      ...sourceFiles(path.join(root, "lib")),
      "proxy.ts",
    ];
    const found: string[] = [];
    for (const file of files) {
      const rel = path.relative(root, path.resolve(root, file)).split(path.sep).join("/");
      const text = fs.readFileSync(path.resolve(root, file), "utf8");
      if (!REDIRECT_CALL.test(text)) continue;
      found.push(rel);
      // request.url names http://localhost:<port> under `next start -H …` (L6): never a redirect's base.
      expect(text, rel).not.toMatch(
        /redirect\([^)]*request\.url|new URL\([^)]*,\s*(request\.)?url\)\)?\s*,\s*30[37]/,
      );
    }
    expect(found.sort()).toEqual(Object.keys(REDIRECTING_FILES).sort());
  });
});
