/**
 * Hostile parameter values, by class, and a seeded sampler — shared by the vitest parser/query suite
 * (params-parsers.test.ts) and the HTTP suite (e2e/hostile-params.spec.ts). Pure: no product imports.
 */

export interface HostileValue {
  cls: string;
  /** One value, or several (a repeated key: `?k=a&k=b`). */
  value: string | string[];
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v), "utf8").toString("base64url");

/** Forged keyset cursors: well-formed base64url holding what the product never wrote. */
export const FORGED_CURSORS = [
  b64(["not-a-number", 1, "timeline", 1]),
  b64(["2026-13-45 99:99:99+03", 1, "timeline", 1]),
  b64(["1e999", 1, "timeline", 1]),
  b64(["0.5", 2 ** 40, "timeline", 2 ** 63]),
  b64(["0.5", 1, "'; drop table comments; --", 1]),
  b64([null, null, null, null]),
  b64({ a: 1 }),
  b64("x".repeat(300)),
  "A".repeat(400),
  "%00",
];

export function hostileValues(options: { huge?: number } = {}): HostileValue[] {
  const huge = options.huge ?? 100_000;
  return [
    { cls: "nul", value: "a\u0000b" },
    { cls: "nul", value: "\u0000" },
    { cls: "nul-prefixed-key", value: "stage:\u0000" },
    { cls: "nul-prefixed-key", value: "field:1\u0000" },
    { cls: "control", value: "\u0001\u001b[31m\u007f" },
    { cls: "newline", value: "a\r\nb" },
    { cls: "int-2^31", value: "2147483648" },
    { cls: "int-2^63", value: "9223372036854775808" },
    { cls: "int-negative", value: "-1" },
    { cls: "int-below-int4", value: "-2147483649" },
    { cls: "int-1e400", value: "1e400" },
    { cls: "int-zero", value: "0" },
    { cls: "not-a-number", value: "NaN" },
    { cls: "lone-surrogate", value: "\uD800x" },
    { cls: "markup", value: "<script>alert(1)</script>" },
    { cls: "sql", value: "' or 1=1 --" },
    { cls: "formula", value: '=HYPERLINK("http://evil.example")' },
    { cls: "huge", value: "x".repeat(huge) },
    { cls: "huge-key", value: `stage:${"x".repeat(huge)}` },
    { cls: "array", value: ["1", "2"] },
    { cls: "array-mixed", value: ["2147483648", "\u0000", "stage:1"] },
    { cls: "array-long", value: Array.from({ length: 500 }, (_, i) => String(i + 1)) },
    ...FORGED_CURSORS.map((c) => ({ cls: "forged-cursor", value: c })),
  ];
}

/** `count` items drawn without replacement (all of them when there are fewer). */
export function sample<T>(items: readonly T[], count: number, random: () => number): T[] {
  const pool = [...items];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [pool[i], pool[j]] = [pool[j] as T, pool[i] as T];
  }
  return pool.slice(0, count);
}

export { hostileSeed, prng } from "../helpers/seeded";
