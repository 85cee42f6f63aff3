/**
 * The objections in the customers' words: short phrases out of a theme's comments that marketing can answer
 * one by one. Two sources: quoted speech («слишком дорого для нас», "no budget this year") — what a manager
 * wrote down as the client's own words — and the phrases of two to four words that recur across the theme's
 * comments, counted once per comment and merged by stems, so «дорого для нас» and «дороговато для нас» count
 * together. Pure and deterministic; expects anonymised text (placeholders in square brackets are skipped).
 */
import { contentStems, jaccard, languageOf, STOP_WORDS, stem, type TextLanguage, words } from "./text";

export interface Objection {
  text: string;
  /** Comments that say it. */
  comments: number;
  /** From quoted speech rather than a recurring phrase. */
  quoted: boolean;
}

const QUOTED = /«([^«»]{3,90})»|“([^“”]{3,90})”|"([^"]{3,90})"/gu;
const CLAUSE = /[.,;:!?()«»"“”—–\n]|\s-\s/u;
/** Negations open an objection («не устроила цена», «нет бюджета»), so they may start a phrase. */
const OPENERS = new Set(["не", "нет", "no", "not", "без"]);
const WORD_AT = /[\p{L}\p{N}]+(?:[-'][\p{L}\p{N}]+)*/gu;

interface Tally {
  count: number;
  forms: Map<string, number>;
  quoted: boolean;
  stems: Set<string>;
}

function add(tallies: Map<string, Tally>, key: string, form: string, stems: string[], quoted: boolean) {
  const t = tallies.get(key) ?? { count: 0, forms: new Map(), quoted, stems: new Set(stems) };
  t.count += 1;
  t.forms.set(form, (t.forms.get(form) ?? 0) + 1);
  tallies.set(key, t);
}

/**
 * The recurring phrases of one comment: n-grams inside a clause, not starting or ending on a stop word, keyed by
 * stems and written as the comment wrote them (lower-cased, «20%» and «ё» kept).
 */
function phrasesOf(text: string): Map<string, { form: string; stems: string[] }> {
  const out = new Map<string, { form: string; stems: string[] }>();
  for (const clause of text.replace(/\[[^\]]*\]/g, ".").split(CLAUSE)) {
    const lower = clause.toLowerCase();
    const toks = [...lower.replace(/ё/g, "е").matchAll(WORD_AT)].map((m) => ({
      w: m[0],
      start: m.index,
      end: m.index + m[0].length + (lower[m.index + m[0].length] === "%" ? 1 : 0),
    }));
    for (let n = 2; n <= 4; n += 1)
      for (let i = 0; i + n <= toks.length; i += 1) {
        const gram = toks.slice(i, i + n).map((t) => t.w);
        const first = gram[0] as string;
        const last = gram[n - 1] as string;
        if ((STOP_WORDS.has(first) && !OPENERS.has(first)) || STOP_WORDS.has(last)) continue;
        if (!gram.some((w) => w.length >= 3 && !STOP_WORDS.has(w) && !/^\d+$/.test(w))) continue;
        const key = gram.map(stem).join(" ");
        const form = lower.slice(toks[i]?.start, toks[i + n - 1]?.end).replace(/\s+/g, " ");
        if (!out.has(key)) out.set(key, { form, stems: contentStems(form) });
      }
  }
  return out;
}

function quotedOf(text: string): string[] {
  return [...text.matchAll(QUOTED)]
    .map((m) => (m[1] ?? m[2] ?? m[3] ?? "").replace(/\s+/g, " ").trim())
    .filter((q) => q.length >= 3 && !q.includes("[") && words(q).length <= 12);
}

function tally(texts: readonly string[], language: TextLanguage) {
  const quoted = new Map<string, Tally>();
  const grams = new Map<string, Tally>();
  for (const text of texts) {
    if (languageOf(text) !== language) continue;
    const seen = new Set<string>();
    for (const q of quotedOf(text)) {
      const key = words(q).map(stem).join(" ");
      if (!key || seen.has(key)) continue;
      seen.add(key);
      add(quoted, key, q, contentStems(q), true);
    }
    for (const [key, { form, stems }] of phrasesOf(text)) add(grams, key, form, stems, false);
  }
  return { quoted, grams };
}

function commonest(forms: Map<string, number>): string {
  return [...forms].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? "";
}

/**
 * Up to `max` objections: quoted speech first (most often said first), then recurring phrases said in at least
 * `minComments` comments, ranked by comments × words (so a longer phrase said nearly as often wins; on a tie
 * «не берёт трубку» comes before «берёт трубку»). None repeats another's words (stem overlap of one half or
 * more) or contains another.
 */
export function findObjections(
  texts: readonly string[],
  language: TextLanguage,
  { max = 6, minComments = 2 } = {},
): Objection[] {
  const { quoted, grams } = tally(texts, language);
  const rank = (m: Map<string, Tally>, min: number) =>
    [...m.values()]
      .filter((t) => t.count >= min)
      .map((t) => ({ t, text: commonest(t.forms) }))
      .sort(
        (a, b) =>
          b.t.count * (1 + 0.25 * b.t.stems.size) - a.t.count * (1 + 0.25 * a.t.stems.size) ||
          b.text.length - a.text.length ||
          a.text.localeCompare(b.text),
      );
  const out: { o: Objection; stems: Set<string> }[] = [];
  for (const { t, text } of [...rank(quoted, 1), ...rank(grams, minComments)]) {
    if (out.length >= max) break;
    if (
      out.some((x) => jaccard(x.stems, t.stems) >= 0.5 || x.o.text.includes(text) || text.includes(x.o.text))
    )
      continue;
    out.push({ o: { text, comments: t.count, quoted: t.quoted }, stems: t.stems });
  }
  return out.map((x) => x.o);
}

/**
 * The features a product-fit comment says are missing: what follows «нет», «не хватает», «нужна», «без»,
 * «интеграция с» (or "no", "missing", "need", "integration with"), most often named first; in the portal's language only.
 */
export function missingFeatures(texts: readonly string[], language: TextLanguage, max = 3): string[] {
  const re =
    /(?:не хватает|не хватило|нет|нужн[аоы]?|отсутству\p{L}*|без|missing|lacks?|no|needs?)\s+((?:интеграци\p{L}*|integration)\s+(?:с|со|with)\s+[\p{L}\p{N}-]+|[\p{L}\p{N}-]{4,}(?:\s+[\p{L}\p{N}-]{3,})?)/giu;
  const counts = new Map<string, { form: string; n: number }>();
  for (const text of texts) {
    if (languageOf(text) !== language) continue;
    const seen = new Set<string>();
    for (const m of text.matchAll(re)) {
      const form = (m[1] ?? "").toLowerCase().trim();
      const key = words(form).map(stem).join(" ");
      if (
        !key ||
        seen.has(key) ||
        languageOf(form) !== language ||
        words(form).every((w) => STOP_WORDS.has(w))
      )
        continue;
      seen.add(key);
      const c = counts.get(key) ?? { form, n: 0 };
      c.n += 1;
      counts.set(key, c);
    }
  }
  return [...counts.values()]
    .filter((c) => c.n >= 2)
    .sort((a, b) => b.n - a.n || a.form.localeCompare(b.form))
    .slice(0, max)
    .map((c) => c.form);
}
