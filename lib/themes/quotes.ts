/**
 * Representative quotes for a theme, chosen for diversity: maximal marginal relevance over the comments of the
 * theme's lost deals. Relevance prefers quotes that use the theme's common words (typical), say several things
 * (informative), read in one breath (mid-length) and keep their words (few placeholders left by the anonymiser);
 * each next quote is the most relevant one that is least like those already chosen, and nothing at or above
 * QUOTE_MAX_SIMILARITY (Jaccard over crude stems) to a chosen quote is ever taken, so «Дорого, ушли к конкуренту»
 * and «дорого, ушли к конкурентам» never both appear. Quotes are in the portal's language; others only fill up
 * when the language has too few. Pure and deterministic.
 */
import { contentStems, jaccard, languageOf, type TextLanguage } from "./text";

export const QUOTE_MAX_SIMILARITY = 0.4;
export const QUOTES_MIN = 3;
export const QUOTES_MAX = 5;
const LAMBDA = 0.7;
const MIN_LENGTH = 15;
const MAX_LENGTH = 320;
/** What the anonymiser left: «[имя]», «[телефон]». A quote full of them says little, so it ranks lower. */
const PLACEHOLDER = /\[[^\]\s]{1,12}\]/g;

export interface QuoteCandidate {
  key: string;
  dealId: number;
  text: string;
}

interface Scored extends QuoteCandidate {
  stems: Set<string>;
  relevance: number;
  language: TextLanguage;
}

/** How alike two quotes read: Jaccard similarity of their content-word stems. */
export function quoteSimilarity(a: string, b: string): number {
  const stems = (x: string) => new Set(contentStems(x.replace(PLACEHOLDER, " ")));
  return jaccard(stems(a), stems(b));
}

/** 1 for 50–180 characters, falling off for shorter and longer ones. */
function lengthScore(n: number): number {
  if (n < 50) return n / 50;
  if (n > 180) return Math.max(0, 1 - (n - 180) / 220);
  return 1;
}

function score(candidates: readonly QuoteCandidate[]): Scored[] {
  const items = candidates
    .map((c) => ({ ...c, text: c.text.replace(/\s+/g, " ").trim() }))
    .filter((c) => c.text.length >= MIN_LENGTH && c.text.length <= MAX_LENGTH)
    .map((c) => ({
      ...c,
      stems: new Set(contentStems(c.text.replace(PLACEHOLDER, " "))),
      language: languageOf(c.text),
      hidden: (c.text.match(PLACEHOLDER) ?? []).length,
    }))
    .filter((c) => c.stems.size >= 2);
  const df = new Map<string, number>();
  for (const c of items) for (const s of c.stems) df.set(s, (df.get(s) ?? 0) + 1);
  const typ = items.map((c) => {
    let sum = 0;
    for (const s of c.stems) sum += (df.get(s) ?? 0) - 1;
    return sum / c.stems.size;
  });
  const maxTyp = Math.max(1, ...typ);
  return items.map((c, i) => ({
    ...c,
    relevance:
      0.4 * ((typ[i] ?? 0) / maxTyp) +
      0.3 * lengthScore(c.text.length) +
      0.3 * Math.min(1, c.stems.size / 8) -
      0.15 * c.hidden,
  }));
}

/** Picks by MMR from `pool` into `chosen`, one deal at most once, until `count`. */
function pick(pool: Scored[], chosen: Scored[], count: number): void {
  const deals = new Set(chosen.map((c) => c.dealId));
  const left = pool.filter((c) => !deals.has(c.dealId));
  while (chosen.length < count) {
    let best: { c: Scored; mmr: number } | null = null;
    for (const c of left) {
      if (deals.has(c.dealId)) continue;
      const sim = Math.max(0, ...chosen.map((s) => jaccard(s.stems, c.stems)));
      if (sim >= QUOTE_MAX_SIMILARITY) continue;
      const mmr = LAMBDA * c.relevance - (1 - LAMBDA) * sim;
      if (!best || mmr > best.mmr || (mmr === best.mmr && c.text < best.c.text)) best = { c, mmr };
    }
    if (!best) return;
    chosen.push(best.c);
    deals.add(best.c.dealId);
  }
}

/** Up to `count` (3–5) diverse, representative quotes; in `language` first, others only to reach QUOTES_MIN. */
export function selectQuotes(
  candidates: readonly QuoteCandidate[],
  language: TextLanguage,
  count = 4,
): QuoteCandidate[] {
  const n = Math.min(QUOTES_MAX, Math.max(QUOTES_MIN, count));
  const scored = score(candidates);
  const chosen: Scored[] = [];
  pick(
    scored.filter((c) => c.language === language),
    chosen,
    n,
  );
  if (chosen.length < QUOTES_MIN)
    pick(
      scored.filter((c) => c.language !== language),
      chosen,
      QUOTES_MIN,
    );
  return chosen.map(({ key, dealId, text }) => ({ key, dealId, text }));
}
