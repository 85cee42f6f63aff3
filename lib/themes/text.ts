/**
 * Small, pure text helpers the content brief shares (quotes, objections): words, crude stems, stop words and the
 * script a comment is written in. The stems are deliberately cheap (an ending stripped, then a five-letter prefix): they only
 * need to make «конкуренту» and «конкурентам» the same word when two quotes are compared, not to be linguistics.
 */

const WORD = /[\p{L}\p{N}]+(?:[-'][\p{L}\p{N}]+)*/gu;

/** Lower-case words, ё folded into е. */
export function words(text: string): string[] {
  return text.toLowerCase().replace(/ё/g, "е").match(WORD) ?? [];
}

export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "и в во не на с со к ко по за из от до у о об а но да же ли бы что как так это то там тут он она они оно мы вы" +
    " я его ее их мне нам вам им ему ей был была были было будет есть нет уже еще ещё все всё вот для при про без" +
    " или чем чтобы если когда где кто ну просто очень пока сейчас потом тоже только может можно надо нужно" +
    " сказал сказала сказали говорит говорят клиент клиента клиенту клиенты клиентов" +
    " the a an and or but of to in on at for with by from is are was were be been it this that they we you he she" +
    " not no so as if then than our their his her them us me my your"
  ).split(" "),
);

const RU_ENDINGS = [
  "иями",
  "ями",
  "ами",
  "ого",
  "его",
  "ому",
  "ему",
  "ими",
  "ыми",
  "ией",
  "иях",
  "ах",
  "ях",
  "ов",
  "ев",
  "ей",
  "ой",
  "ий",
  "ый",
  "ая",
  "яя",
  "ое",
  "ее",
  "ые",
  "ие",
  "ую",
  "юю",
  "ом",
  "ем",
  "ам",
  "ям",
  "ть",
  "ся",
  "а",
  "я",
  "о",
  "е",
  "ы",
  "и",
  "у",
  "ю",
  "ь",
  "й",
];
const EN_ENDINGS = ["ing", "ed", "es", "s"];

/** A crude stem: one inflectional ending off, then at most five letters. Digits and short words stay whole. */
export function stem(word: string): string {
  const cyr = /[а-я]/.test(word);
  const endings = cyr ? RU_ENDINGS : EN_ENDINGS;
  let w = word;
  for (const e of endings)
    if (w.length - e.length >= 4 && w.endsWith(e)) {
      w = w.slice(0, -e.length);
      break;
    }
  return w.slice(0, 5);
}

/** The stems of the content words (stop words and one-letter words left out). */
export function contentStems(text: string): string[] {
  return words(text)
    .filter((w) => w.length > 1 && !STOP_WORDS.has(w))
    .map(stem);
}

/** Share of Cyrillic among the letters (0 when there are no letters). */
export function cyrillicShare(text: string): number {
  const letters = text.match(/\p{L}/gu) ?? [];
  if (!letters.length) return 0;
  return letters.filter((c) => /[а-яё]/i.test(c)).length / letters.length;
}

export type TextLanguage = "ru" | "en";

/** The language a text is mostly written in, by script: Russian managers mix in Latin words, not sentences. */
export function languageOf(text: string): TextLanguage {
  return cyrillicShare(text) >= 0.5 ? "ru" : "en";
}

/** The language most of these texts are in (Russian on a tie or with none). */
export function dominantLanguage(texts: readonly string[]): TextLanguage {
  let ru = 0;
  for (const t of texts) if (languageOf(t) === "ru") ru += 1;
  return ru * 2 >= texts.length ? "ru" : "en";
}

/** Jaccard similarity of two sets (1 when both are empty). */
export function jaccard<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  if (!a.size && !b.size) return 1;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter += 1;
  return inter / (a.size + b.size - inter);
}
