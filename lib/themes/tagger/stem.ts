/** Words and stems: Snowball for Russian and English (the same algorithms Postgres' 'russian' config uses). */
import { newStemmer } from "snowball-stemmers";

const ru = newStemmer("russian");
const en = newStemmer("english");
const cache = new Map<string, string>();

export function stemWord(word: string): string {
  const hit = cache.get(word);
  if (hit !== undefined) return hit;
  const s = /[а-я]/.test(word) ? ru.stem(word) : /^[a-z]+$/.test(word) ? en.stem(word) : word;
  if (cache.size < 50_000) cache.set(word, s);
  return s;
}

export interface Token {
  word: string;
  stem: string;
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{N}]+/gu;

/** Tokens of normalised text, with offsets (the same in the original text). */
export function tokenize(normalised: string): Token[] {
  const out: Token[] = [];
  for (const m of normalised.matchAll(WORD)) {
    const start = m.index ?? 0;
    out.push({ word: m[0], stem: stemWord(m[0]), start, end: start + m[0].length });
  }
  return out;
}
