/**
 * What the user typed → the parts the search needs. Pure, so the tricky cases are unit-tested:
 *
 * - `websearch`: text for `websearch_to_tsquery('russian', …)` (quotes = phrase, `or`, `-word` = exclude);
 * - `prefix`: the last bare word while it is still being typed ("конкур" → 'конкур':*), unless the query ends
 *   in a space or a quote, or the word is excluded / inside an open quote;
 * - `phrase`: the words without operators, for the "exact phrase first" bonus and the substring fallback;
 * - `words`: the positive bare words, for typo correction (only when the query has no operators).
 */

export interface QueryText {
  websearch: string;
  prefix: string | null;
  /** The prefix word follows "or": it is an alternative, not one more required word. */
  prefixOr: boolean;
  phrase: string;
  words: string[];
  hasOperators: boolean;
  empty: boolean;
}

const WORD = /[\p{L}\p{N}]+/gu;

export function parseQueryText(input: string): QueryText {
  const q = input.replace(/\p{Cc}/gu, " ");
  const trimmed = q.trim();
  const quotes = (q.match(/"/g) ?? []).length;
  const hasOperators = quotes > 0 || /(^|\s)-\S/u.test(trimmed) || /(^|\s)or(\s|$)/iu.test(trimmed);
  let websearch = trimmed;
  let prefix: string | null = null;
  let prefixOr = false;
  const last = /(^|\s)([\p{L}\p{N}]+)$/u.exec(q);
  if (last && quotes % 2 === 0 && !/\s$/u.test(q) && last[2]!.toLowerCase() !== "or") {
    prefix = last[2]!.toLowerCase();
    websearch = q.slice(0, last.index + last[1]!.length).trim();
    const or = /(^|\s)or$/iu.exec(websearch);
    if (or) {
      prefixOr = websearch.length > or[0].length;
      websearch = websearch.slice(0, or.index).trim();
    }
  }
  const phrase = (trimmed.replace(/(^|\s)-\S+/gu, " ").match(WORD) ?? [])
    .filter((w) => w.toLowerCase() !== "or")
    .join(" ")
    .toLowerCase();
  const words = hasOperators ? [] : (trimmed.match(WORD) ?? []).map((w) => w.toLowerCase());
  return { websearch, prefix, prefixOr, phrase, words, hasOperators, empty: phrase === "" };
}

/** `%…%` for LIKE with the pattern's own wildcards escaped. */
export function likeContains(s: string): string {
  return `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
