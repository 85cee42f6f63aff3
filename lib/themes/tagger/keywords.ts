/**
 * An admin's keywords (themes.keywords) read as lib/themes/keywords.ts defines them: each word matched on its
 * Snowball stem ("цена" finds "цены", "ценой"), a phrase as consecutive words, `*` at the end a prefix of the
 * last word. A keyword right after "не" / "not" does not count ("не дорого").
 */
import { normalizeText } from "./normalize";
import { stemWord, type Token } from "./stem";

interface KeywordMatcher {
  keyword: string;
  stems: string[];
  prefix: boolean;
}

const TOKEN = /[\p{L}\p{N}]+/gu;
const NEGATION = new Set(["не", "not", "ни"]);

export function compileKeywords(keywords: readonly string[]): KeywordMatcher[] {
  const out: KeywordMatcher[] = [];
  for (const k of keywords) {
    const trimmed = k.trim();
    const words = normalizeText(trimmed).match(TOKEN) ?? [];
    if (!words.length) continue;
    const prefix = trimmed.endsWith("*");
    out.push({
      keyword: trimmed,
      prefix,
      stems: words.map((w, i) => (prefix && i === words.length - 1 ? w : stemWord(w))),
    });
  }
  return out;
}

/** The spans (token index ranges) where any keyword occurs. */
export function matchKeywords(
  matchers: readonly KeywordMatcher[],
  tokens: readonly Token[],
): Array<{ start: number; end: number }> {
  const spans: Array<{ start: number; end: number }> = [];
  for (const m of matchers) {
    const n = m.stems.length;
    for (let i = 0; i + n <= tokens.length; i += 1) {
      let ok = true;
      for (let j = 0; j < n && ok; j += 1) {
        const t = tokens[i + j] as Token;
        const want = m.stems[j] as string;
        ok = m.prefix && j === n - 1 ? t.word.startsWith(want) : t.stem === want;
      }
      if (!ok) continue;
      if (i > 0 && NEGATION.has((tokens[i - 1] as Token).word) && m.stems[0] !== "не") continue;
      spans.push({ start: (tokens[i] as Token).start, end: (tokens[i + n - 1] as Token).end });
    }
  }
  return spans;
}
