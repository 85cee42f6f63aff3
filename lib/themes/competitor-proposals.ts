/**
 * Unknown competitors in loss comments (issue #15 part 5), pure: names that look like products or companies —
 * Latin words and pairs that are not ordinary English, capitalised Cyrillic words not at a sentence start, names
 * in quotes, and the word after «ушли в/к/на», «выбрали», «перешли на», «остались в/на/у», «работают с/через»,
 * «купили у» — grouped by a crude stem («Контур», «Контуром», «Контуре» are one name), minus the competitors
 * already listed (any spelling), the portal's users, client companies, common words and dismissed names. A name
 * in at least MIN_PROPOSAL_DEALS distinct deals is proposed.
 */
import { nominatives } from "./anonymise";
import { COMMON_ENGLISH, COMMON_PROPER, COMMON_RUSSIAN } from "./common-words";
import { COMMON_FIRST_NAMES } from "./person-names";

/** A name is proposed when it recurs in at least this many distinct lost deals. */
export const MIN_PROPOSAL_DEALS = 3;

export interface ProposalComment {
  dealId: number;
  text: string;
}

export interface ProposalExclusions {
  /** Competitor names and their variants ("amoCRM", "амо црм"; a trailing * is a prefix). */
  competitors: readonly string[];
  /** Other names never proposed: the portal's users, client companies, dismissed proposals. */
  names: readonly string[];
}

export interface CompetitorProposal {
  /** How it is written most often (the plain form first: «Контур» over «Контуром»). */
  name: string;
  /** The grouping key (lower case, crude stem): what a dismissal stores. */
  key: string;
  /** Every spelling seen, the name first. */
  forms: string[];
  mentions: number;
  deals: number;
}

const TOKEN = /[\p{L}\p{N}][\p{L}\p{N}+&'’]*(?:-[\p{L}\p{N}]+)*/gu;
const LATIN = /^[A-Za-z0-9][A-Za-z0-9+&'’-]*$/;
const HAS_LATIN_LETTER = /[A-Za-z]/;
const CYR_UPPER = /^[А-ЯЁ]/;
const QUOTED = /[«"“„]([^«»"“”„\n]{2,40})[»"”“]/g;
const TRIGGER =
  /(?:^|[^\p{L}])(?:уш(?:ли|[её]л|ла)\s+(?:в|к|на)|выбрали|выбрал[аи]?|перешл[иа]\s+на|переш[её]л\s+на|остал(?:и|а)?сь\s+(?:в|на|у)|остался\s+(?:в|на|у)|работают\s+(?:с|через)|работает\s+(?:с|через)|купил[иа]?\s+у)\s+$/iu;
/** The last word of every trigger phrase: the regex runs only after one of these. */
const TRIGGER_LAST = new Set(["в", "к", "на", "у", "с", "через", "выбрали", "выбрал", "выбрала", "выбрало"]);
const ENDINGS = [
  "ием",
  "ией",
  "иям",
  "иях",
  "ия",
  "ию",
  "ии",
  "ами",
  "ями",
  "ого",
  "его",
  "ому",
  "ему",
  "ыми",
  "ими",
  "ой",
  "ей",
  "ом",
  "ем",
  "ам",
  "ям",
  "ах",
  "ях",
  "ую",
  "юю",
  "ая",
  "яя",
  "ое",
  "ее",
  "ые",
  "ие",
  "ий",
  "ый",
  "ым",
  "им",
  "а",
  "я",
  "у",
  "ю",
  "е",
  "ы",
  "и",
  "о",
  "ь",
  "й",
];

/** A word's grouping key: lower case, ё → е, a Russian case ending cut off (leaving at least 3 letters). */
export function wordKey(word: string): string {
  const w = word.toLowerCase().replace(/ё/g, "е").replace(/[’']/g, "");
  if (!/^[а-я]+$/.test(w) || w.length < 5) return w;
  const end = ENDINGS.find((e) => w.endsWith(e) && w.length - e.length >= 3);
  return end ? w.slice(0, -end.length) : w;
}

/** A name's key: each word's key, space-separated. */
export function nameKey(name: string): string {
  return (name.match(TOKEN) ?? []).map(wordKey).join(" ");
}

const compact = (key: string) => key.replace(/[\s:-]/g, "");

const stemSet = (set: ReadonlySet<string>) => new Set([...set].map(wordKey));
const COMMON_KEYS = new Set([...stemSet(COMMON_RUSSIAN), ...stemSet(COMMON_PROPER)]);

/**
 * An ordinary word (in any list) by its key, a person's first name in any case form («Андреем», «Анной»: the
 * anonymiser's list and reading, lib/themes/person-names.ts), or a patronymic («Петрович», «Ивановна»).
 */
function isCommonWord(word: string): boolean {
  const lower = word.toLowerCase();
  if (nominatives(lower).some((n) => COMMON_FIRST_NAMES.has(n))) return true;
  if (COMMON_ENGLISH.has(lower) || COMMON_RUSSIAN.has(lower) || COMMON_PROPER.has(lower)) return true;
  if (/(?:ович|евич|овна|евна|ична)$/.test(lower)) return true;
  if (lower.includes("-") && lower.split("-").every((part) => part.length < 2 || isCommonWord(part)))
    return true;
  return COMMON_KEYS.has(wordKey(word)) || lower.length < 2 || /^\d+$/.test(lower);
}

/** A typo of an ordinary word («канкуренту»): one edit from a common key of 8+ letters (short names are near too much: «контур» ~ «контор»). */
function nearCommon(word: string): boolean {
  const key = wordKey(word);
  if (key.length < 8) return false;
  for (const c of COMMON_KEYS) if (Math.abs(c.length - key.length) <= 1 && withinOneEdit(c, key)) return true;
  return false;
}

/** Levenshtein distance ≤ 1 (one substitution, insertion or deletion). */
function withinOneEdit(a: string, b: string): boolean {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

interface Token {
  text: string;
  start: number;
  end: number;
  /** First word of a sentence (capitals there say nothing). */
  first: boolean;
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let prevEnd = 0;
  for (const m of text.matchAll(TOKEN)) {
    const start = m.index ?? 0;
    const gap = text.slice(prevEnd, start);
    const first = out.length === 0 || /[.!?…:;](?:\s|$)|\n/.test(gap);
    out.push({ text: m[0], start, end: start + m[0].length, first });
    prevEnd = start + m[0].length;
  }
  return out;
}

type Span = { start: number; end: number };

/** Joins a token with the next when it continues the name (Latin after Latin, a capital after a capital). */
function runFrom(tokens: Token[], i: number, text: string, same: (t: Token) => boolean): Span {
  const a = tokens[i] as Token;
  const b = tokens[i + 1];
  const joined =
    b && /^[\s.-]?$/.test(text.slice(a.end, b.start)) && !b.first && same(b) && !isCommonWord(b.text);
  return { start: a.start, end: joined ? b.end : a.end };
}

/** A Latin word with a capital or a digit (Kommo, amoCRM, SAP; not "freeze", "on-premise"), not "Q3" or "H1". */
const isLatinName = (t: Token) =>
  LATIN.test(t.text) &&
  HAS_LATIN_LETTER.test(t.text) &&
  /[A-Z0-9]/.test(t.text) &&
  !/^[QqHh][1-4]$/.test(t.text) &&
  !isCommonWord(t.text);
const isCapitalName = (t: Token) => CYR_UPPER.test(t.text) && !isCommonWord(t.text);

/** The name-like spans of one comment, each once (a longer span wins over one inside it). */
export function candidateSpans(text: string): Span[] {
  const clean = text.replace(/<[^>]*>|\[\/?\w+[^\]]*\]/g, (m) => " ".repeat(m.length));
  const tokens = tokenize(clean);
  const spans: Span[] = [];
  for (const m of clean.matchAll(QUOTED)) {
    const inner = (m[1] ?? "").trim();
    const words = inner.match(TOKEN) ?? [];
    const start = (m.index ?? 0) + (m[0].indexOf(inner) || 1);
    if (
      words.length >= 1 &&
      words.length <= 3 &&
      /^[\p{Lu}A-Za-z0-9]/u.test(inner) &&
      !words.every(isCommonWord)
    )
      spans.push({ start, end: start + inner.length });
  }
  // In an English sentence a Latin word is a name only where a capital says so, as Cyrillic words are.
  const english = (clean.match(/[A-Za-z]/g)?.length ?? 0) > (clean.match(/[А-Яа-яЁё]/g)?.length ?? 0);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const prev = i > 0 ? (tokens[i - 1] as Token).text.toLowerCase() : "";
    const triggered =
      TRIGGER_LAST.has(prev) &&
      TRIGGER.test(clean.slice(Math.max(0, t.start - 40), t.start).replace(/[«"“„]$/, ""));
    let span: Span | null = null;
    if (isLatinName(t) && (!english || (!t.first && /^[A-Z]/.test(t.text))))
      span = runFrom(tokens, i, clean, isLatinName);
    else if (!t.first && isCapitalName(t)) span = runFrom(tokens, i, clean, isCapitalName);
    else if (triggered && !isCommonWord(t.text) && !nearCommon(t.text)) span = { start: t.start, end: t.end };
    if (!span) continue;
    spans.push(span);
    if (span.end > t.end) i += 1;
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  return spans.filter((s, i) => !spans.slice(0, i).some((p) => p.start <= s.start && p.end >= s.end));
}

/** The name-like strings of one comment, in order. */
export function candidateNames(text: string): string[] {
  return candidateSpans(text).map((s) => text.slice(s.start, s.end).replace(/\s+/g, " "));
}

/** Whether a candidate key is a listed competitor in some spelling (whole name, a word of it, or a prefix*). */
function knownMatcher(competitors: readonly string[], names: readonly string[]) {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const c of competitors) {
    const key = nameKey(c.replace(/\*$/, ""));
    if (c.trim().endsWith("*")) prefixes.push(compact(key));
    exact.add(compact(key));
    for (const w of key.split(" ")) if (w.length >= 2) exact.add(w);
  }
  for (const n of names) {
    exact.add(compact(nameKey(n)));
    for (const w of nameKey(n).split(" ")) if (w.length >= 3) exact.add(w);
  }
  return (key: string) =>
    exact.has(compact(key)) ||
    key.split(" ").some((w) => exact.has(w)) ||
    prefixes.some((p) => p.length >= 3 && compact(key).startsWith(p));
}

/** Counts the candidates over the comments and proposes those in at least `minDeals` deals, most deals first. */
export function proposeCompetitors(
  comments: readonly ProposalComment[],
  exclusions: ProposalExclusions,
  minDeals = MIN_PROPOSAL_DEALS,
): CompetitorProposal[] {
  const known = knownMatcher(exclusions.competitors, exclusions.names);
  const groups = new Map<string, { forms: Map<string, number>; mentions: number; deals: Set<number> }>();
  for (const c of comments)
    for (const name of candidateNames(c.text)) {
      const key = nameKey(name);
      if (!key || known(key)) continue;
      const g = groups.get(key) ?? { forms: new Map(), mentions: 0, deals: new Set<number>() };
      g.forms.set(name, (g.forms.get(name) ?? 0) + 1);
      g.mentions += 1;
      g.deals.add(c.dealId);
      groups.set(key, g);
    }
  const out: CompetitorProposal[] = [];
  for (const [key, g] of groups) {
    if (g.deals.size < minDeals) continue;
    const capital = (f: string) => (/^\p{Lu}/u.test(f) ? 1 : 0);
    const plain = (f: string) => (f.toLowerCase().replace(/ё/g, "е") === key ? 1 : 0);
    const forms = [...g.forms.entries()]
      .sort(
        (a, b) =>
          plain(b[0]) - plain(a[0]) ||
          b[1] - a[1] ||
          capital(b[0]) - capital(a[0]) ||
          a[0].length - b[0].length ||
          a[0].localeCompare(b[0]),
      )
      .map(([f]) => f);
    out.push({ name: forms[0] as string, key, forms, mentions: g.mentions, deals: g.deals.size });
  }
  return out.sort((a, b) => b.deals - a.deals || b.mentions - a.mentions || a.name.localeCompare(b.name));
}
