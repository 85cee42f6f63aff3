/**
 * Proposed merges of near-duplicate canonical reasons, pure: two live reasons are proposed when their names have
 * the same normal form, or are spelled alike (trigram or edit-distance similarity of the normal forms), or share a
 * word stem once stop words are set aside — «Ушли к конкуренту» and «Выбрали конкурента» share «конкурент». Each
 * proposal says why, and merges the reason with fewer lost deals into the one with more. A pair an admin rejected
 * is not proposed again.
 */
import { stemWord } from "@/lib/themes/tagger/stem";
import { normaliseReasonName } from "./names";

export interface ProposalReason {
  id: number;
  name: string;
  /** Lost deals under the reason (all time): the larger survives a merge. */
  deals: number;
}

export type ProposalWhy =
  | { kind: "same" }
  | { kind: "similar"; similarity: number }
  | { kind: "stem"; stems: string[] };

export interface Proposal {
  /** The reason merged away (fewer lost deals; on a tie the newer one). */
  from: ProposalReason;
  /** The reason that stays. */
  into: ProposalReason;
  why: ProposalWhy;
}

/** Names at least this alike (0..1) are proposed. "дорого" / "дороговато" ≈ 0.5; "дорого" / "нет бюджета" = 0. */
export const SIMILARITY_THRESHOLD = 0.5;
/** 1 − edit distance / longer length at least this: a typo. */
export const TYPO_THRESHOLD = 0.8;

/** Words that say nothing about the reason itself (Russian and English), dropped before stems are compared. */
const STOP = new Set(
  (
    "и в во на не нет ни к ко с со у о об от до по за из для при без про или но а же ли бы что это так уже " +
    "был была были было очень слишком всё все его ее её их мы вы он она они клиент клиента клиенту клиентом " +
    "сделка сделки сделку причина другое прочее " +
    "a an the and or of to for in on at by with no not too very is was be it its client customer deal reason other"
  ).split(" "),
);

/** Russian and English inflection endings, longest first: a light stemmer, enough to tie word forms together. */

/** A word's stem: Snowball (Russian or English), as the tagger stems (lib/themes/tagger/stem.ts). */
export const stem = stemWord;

/** The content stems of a name: normal form, words, stop words out, stems of words of three letters or more. */
export function contentStems(name: string): string[] {
  const words = normaliseReasonName(name).split(" ").filter(Boolean);
  return [...new Set(words.filter((w) => w.length >= 3 && !STOP.has(w)).map(stem))];
}

function trigrams(s: string): Set<string> {
  const out = new Set<string>();
  for (const w of s.split(" ").filter(Boolean)) {
    const padded = `  ${w} `;
    for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  }
  return out;
}

/** pg_trgm's similarity: shared trigrams over all trigrams of both words' padded forms. */
export function trigramSimilarity(a: string, b: string): number {
  const x = trigrams(a);
  const y = trigrams(b);
  if (x.size === 0 || y.size === 0) return 0;
  let both = 0;
  for (const t of x) if (y.has(t)) both++;
  return both / (x.size + y.size - both);
}

export function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(
        (prev[j] ?? 0) + 1,
        (cur[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** Spelled alike, 0..1 (trigram similarity of the normal forms), or null when not alike enough. */
export function nameSimilarity(a: string, b: string): number | null {
  const x = normaliseReasonName(a);
  const y = normaliseReasonName(b);
  if (!x || !y) return null;
  const trigram = trigramSimilarity(x, y);
  if (trigram >= SIMILARITY_THRESHOLD) return trigram;
  // A typo («Дорого» / «Дарого»): few trigrams survive it, so one or two edits in a long name count too. Short
  // names need the stricter bar: «Дорого» / «Долго» are two edits apart and unrelated.
  const edit = 1 - levenshtein(x, y) / Math.max(x.length, y.length);
  return edit >= TYPO_THRESHOLD ? edit : null;
}

/** Why two names look like one reason, or null. */
export function whyAlike(a: string, b: string): ProposalWhy | null {
  if (normaliseReasonName(a) === normaliseReasonName(b)) return { kind: "same" };
  const similarity = nameSimilarity(a, b);
  if (similarity !== null) return { kind: "similar", similarity };
  const x = contentStems(a);
  const y = new Set(contentStems(b));
  const shared = x.filter((s) => y.has(s));
  // At least half the content of the shorter name: «Нет бюджета» / «Бюджет заморожен» yes, one word of five no.
  if (shared.length > 0 && shared.length * 2 >= Math.min(x.length, y.size))
    return { kind: "stem", stems: shared };
  return null;
}

/** Which of two reasons a merge keeps: the one with more lost deals; on a tie the older (lower id). */
export function mergeDirection<R extends { id: number; deals: number }>(a: R, b: R): { from: R; into: R } {
  const aStays = a.deals > b.deals || (a.deals === b.deals && a.id < b.id);
  return aStays ? { from: b, into: a } : { from: a, into: b };
}

const pairKey = (a: number, b: number) => (a < b ? `${a}:${b}` : `${b}:${a}`);

const STRENGTH = { same: 3, similar: 2, stem: 1 } as const;

/**
 * Every pair of live reasons that look alike and was not rejected, strongest first (same name, then spelling,
 * then stems; then by the deals a merge moves).
 */
export function proposeMerges(
  reasons: readonly ProposalReason[],
  rejected: readonly (readonly [number, number])[],
): Proposal[] {
  const no = new Set(rejected.map(([a, b]) => pairKey(a, b)));
  const out: Proposal[] = [];
  for (let i = 0; i < reasons.length; i++)
    for (let j = i + 1; j < reasons.length; j++) {
      const a = reasons[i] as ProposalReason;
      const b = reasons[j] as ProposalReason;
      if (a.id === b.id || no.has(pairKey(a.id, b.id))) continue;
      const why = whyAlike(a.name, b.name);
      if (!why) continue;
      out.push({ ...mergeDirection(a, b), why });
    }
  return out.sort(
    (p, q) =>
      STRENGTH[q.why.kind] - STRENGTH[p.why.kind] ||
      q.from.deals + q.into.deals - (p.from.deals + p.into.deals) ||
      p.into.id - q.into.id ||
      p.from.id - q.from.id,
  );
}
