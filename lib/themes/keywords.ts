/**
 * Theme keywords → the text of a `to_tsquery('russian', …)`. Pure: every token is reduced to letters and digits
 * and single-quoted, so nothing an admin types can inject tsquery operators; Postgres then stems each token.
 *
 *   "цена"             → 'цена'
 *   "не берёт трубку"  → 'не' <-> 'берёт' <-> 'трубку'   (stop words such as "не" are dropped by Postgres)
 *   "конкурент*"       → 'конкурент':*
 */

const TOKEN = /[\p{L}\p{N}]+/gu;

export function keywordQuery(keyword: string): string | null {
  const trimmed = keyword.trim();
  const prefix = trimmed.endsWith("*");
  const tokens = trimmed.toLowerCase().match(TOKEN) ?? [];
  if (tokens.length === 0) return null;
  const parts = tokens.map((t, i) => `'${t}'${prefix && i === tokens.length - 1 ? ":*" : ""}`);
  return parts.length === 1 ? (parts[0] as string) : `(${parts.join(" <-> ")})`;
}

/** Any of the keywords; null when none holds a word. */
export function keywordsQuery(keywords: readonly string[]): string | null {
  const parts = keywords.map(keywordQuery).filter((q): q is string => q !== null);
  return parts.length ? parts.join(" | ") : null;
}

/** Keywords from a textarea / comma list: one per line or comma, trimmed, deduplicated, at most 200. */
export function parseKeywordList(input: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of input.split(/[\n,;]/)) {
    const k = raw.trim().replace(/\s+/g, " ").slice(0, 80);
    if (!k || !keywordQuery(k) || seen.has(k.toLowerCase())) continue;
    seen.add(k.toLowerCase());
    out.push(k);
    if (out.length >= 200) break;
  }
  return out;
}
