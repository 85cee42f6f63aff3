/**
 * Open-redirect forms for every redirect target (shared by tests/hostile/auth-redirects.test.ts and
 * e2e/hostile-auth.spec.ts). Each form is the value the app receives after the query string is decoded; the
 * forms are built from parts — a foreign host, the ways browsers turn a path into "another host" (tabs and
 * line breaks removed, `\` read as `/`, dot segments resolved, schemes, userinfo) — crossed with each other,
 * so a new trick in one column meets every host and prefix. `sample` takes a seeded subset for slow suites.
 */

export { hostileSeed, prng } from "../helpers/seeded";

export const FOREIGN_HOSTS = [
  "evil.example",
  "evil.example:8443",
  "127.0.0.1.evil.example",
  "xn--e1afmkfd.example",
];

/** `H` stands for the foreign host. Each goes to another origin in a browser if taken as-is. */
const TEMPLATES = [
  "//H",
  "///H",
  "////H/x",
  "/\\H",
  "\\\\H",
  "\\/H",
  "/\\/H",
  "/\t/H",
  "/\n/H",
  "/\r/H",
  "/\r\n/H",
  "/\t\\H",
  "/\n\\H",
  "/\t\n/H",
  "/.//H",
  "/..//H",
  "/./\\H",
  "/%2e//H",
  "/%2E%2E//H",
  "/x/..//H",
  "/x/../\\H",
  "http:H",
  "https:H",
  "http:/H",
  "https:/\\H",
  "http://H",
  "https://H",
  "HtTpS://H/x?y#z",
  "ftp://H",
  "//H@ok.example",
  "//ok.example@H",
  "https://ok.example@H",
  "//H%2f@ok",
  "/\t\t/H",
  "\t//H",
  " //H",
  "\u0000//H",
  "/\u0000/H",
];

/** Not host tricks but still hostile: script schemes, header breakers, non-ASCII, huge values. */
const EXTRA = [
  "javascript:alert(document.domain)",
  "JaVaScRiPt:alert(1)",
  "java\tscript:alert(1)",
  "\njavascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "vbscript:msgbox(1)",
  "/x\r\nSet-Cookie: pwned=1",
  "/x\r\nLocation: //evil.example",
  "/%0d%0aSet-Cookie:%20pwned=1",
  "/отчёт?менеджер=Иван#раздел",
  "/\u202e/evil.example",
  "/😀",
  "/\u3002evil.example",
  "\uff0f\uff0fevil.example",
  `/${"a".repeat(5000)}`,
  `//evil.example/${"a".repeat(3000)}`,
  `/overview?${"x=1&".repeat(600)}`,
];

export function redirectForms(): string[] {
  const out = new Set<string>();
  for (const t of TEMPLATES) for (const h of FOREIGN_HOSTS) out.add(t.replaceAll("H", h));
  for (const e of EXTRA) out.add(e);
  return [...out];
}

/** Same-origin targets that must survive (normalised), so the fix is not "refuse everything". */
export const GOOD_TARGETS: [string, string][] = [
  ["/overview", "/overview"],
  ["/deals?managers=1,2&period=2026-q3#top", "/deals?managers=1,2&period=2026-q3#top"],
  ["/users/../stages", "/stages"],
  ["/me?q=цена", "/me?q=%D1%86%D0%B5%D0%BD%D0%B0"],
  ["/reasons?x=%2F%2Fevil", "/reasons?x=%2F%2Fevil"],
];

/** `n` forms drawn without replacement by the seeded generator (all of them when n ≥ the list). */
export function sample<T>(items: readonly T[], n: number, rand: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy.slice(0, Math.min(n, copy.length));
}
