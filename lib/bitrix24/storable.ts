/**
 * Portal text made storable. Bitrix24 keeps whatever a user typed, NUL characters and broken UTF-16 included,
 * but Postgres text and jsonb reject U+0000 and jsonb rejects unpaired surrogates: one such title used to fail
 * its page's upsert on every run. So every string (values and keys, at any depth) loses its NULs and has each
 * lone surrogate replaced by U+FFFD, once, where the portal's JSON enters the product.
 */

const NUL = "\u0000";
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/**
 * In JSON text both can only arrive as escapes (a raw NUL is invalid JSON; invalid UTF-8 already decoded to
 * U+FFFD), so text without these escapes needs no walk. A false positive (an escaped backslash before "u0000")
 * only costs the walk.
 */
const RISKY_ESCAPE = /\\u(?:0000|d[89a-f][0-9a-f]{2})/i;

export function storableText(s: string): string {
  const noNul = s.includes(NUL) ? s.split(NUL).join("") : s;
  return noNul.replace(LONE_SURROGATE, "\uFFFD");
}

/** A deep copy with every string made storable (only the parts that change are copied). */
export function storable<T>(value: T): T {
  if (typeof value === "string") return storableText(value) as T;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const s = storable(v);
      if (s !== v) changed = true;
      return s;
    });
    return (changed ? out : value) as T;
  }
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const key = storableText(k);
      const s = storable(v);
      if (key !== k || s !== v) changed = true;
      out[key] = s;
    }
    return (changed ? out : value) as T;
  }
  return value;
}

/** Parsed portal JSON, made storable when its text holds a NUL or surrogate escape. */
export function parseStorableJson(text: string): unknown {
  const json: unknown = JSON.parse(text);
  return RISKY_ESCAPE.test(text) ? storable(json) : json;
}

/** The same check for JSON we are about to send to Postgres (rows from any source, not only the client). */
export function needsStorable(jsonText: string): boolean {
  return RISKY_ESCAPE.test(jsonText);
}
