/**
 * Text → the form the rules read: lower case, ё→е, Latin look-alikes inside Cyrillic words turned Cyrillic
 * ("дopого" typed with a Latin o), typographic quotes, dashes and emoticons flattened. Every step maps one
 * character to one character, so an offset in the normalised text is the same offset in the original and the
 * evidence shown on hover is the manager's own words.
 */

const LOOK_ALIKE: Record<string, string> = {
  a: "а",
  b: "в",
  c: "с",
  e: "е",
  h: "н",
  k: "к",
  m: "м",
  o: "о",
  p: "р",
  t: "т",
  x: "х",
  y: "у",
};

const CYRILLIC = /[а-я]/;
const LATIN = /[a-z]/;
const WORD = /[\p{L}\p{N}]+/gu;
/** :) :-( ;) :D )) and the like; each character becomes a space. */
const EMOTICON = /[:;=]-?[()dpр3]+|\){2,}|\({2,}/giu;

function lowerChar(ch: string): string {
  const l = ch.toLowerCase();
  return l.length === ch.length ? l : ch;
}

function fixMixedWord(word: string): string {
  if (!CYRILLIC.test(word) || !LATIN.test(word)) return word;
  let out = "";
  for (const ch of word) {
    const cyr = LOOK_ALIKE[ch];
    // A Latin letter with no Cyrillic twin means the word really mixes scripts ("амоcrm"): leave it.
    if (LATIN.test(ch) && !cyr) return word;
    out += cyr ?? ch;
  }
  return out;
}

export function normalizeText(text: string): string {
  let s = "";
  for (const ch of text) {
    const l = lowerChar(ch);
    if (l === "ё") s += "е";
    else if (l === "«" || l === "»" || l === "“" || l === "”" || l === "„") s += '"';
    else if (l === "—" || l === "–" || l === "‑") s += "-";
    else if (l === "\u00a0" || l === "\t" || l === "\r") s += " ";
    else s += l;
  }
  s = s.replace(EMOTICON, (m) => " ".repeat(m.length));
  return s.replace(WORD, fixMixedWord);
}
