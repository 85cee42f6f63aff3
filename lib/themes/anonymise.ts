/**
 * Strips personal data from a comment before it is quoted to marketing: e-mails, links to personal pages,
 * messenger handles, phone numbers (Russian and international) and person names where they can be told —
 * the portal's own users' and contacts' names, common Russian first names in any case form («Ирине»,
 * «с Ириной»), patronymics («Сергей Петрович»), surnames next to a name or initials («Иванов И. И.»).
 * Pure: the placeholders and the portal's names come in as arguments. It errs towards hiding: a quote that
 * loses a word is still a quote; a client's phone number in a marketing brief is a leak.
 */
import { AMBIGUOUS_NAMES, COMMON_FIRST_NAMES, NAME_CUES } from "./person-names";

export interface Placeholders {
  name: string;
  phone: string;
  email: string;
  link: string;
}

export interface AnonymiseOptions {
  placeholders: Placeholders;
  /** Lower-case names of the portal's people (users, contacts): first, last and middle names. */
  names?: ReadonlySet<string>;
  /** Lower-case words never taken for a name: competitor names and their variants. */
  keep?: ReadonlySet<string>;
}

const NB = "(?<![\\p{L}\\p{N}@.])"; // not inside a word, an e-mail or a domain
const NA = "(?![\\p{L}\\p{N}])";
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
const URL_WITH_SCHEME = /(?:https?:\/\/|www\.)[^\s<>«»"')\]]+/giu;
/** A bare domain followed by a path: vk.com/ivan.petrov, t.me/sergey_p. */
const DOMAIN_PATH =
  /(?<![\p{L}\p{N}@])(?:[a-zа-я0-9-]+\.)+(?:ru|com|рф|net|org|me|io|su|by|kz|ua|info|biz)\/[^\s<>«»"')\]]+/giu;
const HANDLE = /(?<![p{L}p{N}])@[A-Za-z][A-Za-z0-9_]{2,}/g;
const PHONES = [
  // +7 912 345-67-89, 8 (912) 345 67 89, 89123456789, 8-800-555-35-35
  new RegExp(`${NB}(?:\\+7|8|7)[\\s.-]?\\(?\\d{3}\\)?[\\s.-]?\\d{3}[\\s.-]?\\d{2}[\\s.-]?\\d{2}${NA}`, "gu"),
  // +44 20 7946 0958, +1 (555) 123-4567, +375 29 123 45 67
  new RegExp(`${NB}\\+\\d{1,3}[\\s.-]?\\(?\\d{1,4}\\)?(?:[\\s.-]?\\d{2,4}){2,4}${NA}`, "gu"),
  // (912) 345-67-89, 912 345 67 89: a mobile number without the country code
  new RegExp(`${NB}\\(?9\\d{2}\\)?[\\s.-]?\\d{3}[\\s.-]?\\d{2}[\\s.-]?\\d{2}${NA}`, "gu"),
  // 345-67-89: a local number
  new RegExp(`${NB}\\d{3}-\\d{2}-\\d{2}${NA}`, "gu"),
];

/** A patronymic on its own: male in any case, female only in the nominative («Головной», «Основной» are not names). */
const PATRONYMIC = /^\p{Lu}\p{Ll}+(?:(?:ович|евич|ьич)(?:а|у|ем|е)?|(?:овн|евн|ичн)а)$/u;
/** A patronymic in any case, taken only beside a name: «с Анной Сергеевной». */
const PATRONYMIC_ANY = /^\p{Lu}\p{Ll}+(?:(?:ович|евич|ьич)(?:а|у|ем|е)?|(?:овн|евн|ичн)(?:а|ы|е|у|ой|ою))$/u;
const SURNAME = /^\p{Lu}\p{Ll}+(?:ов|ев|ёв|ин|ын|ск|цк)(?:а|у|ым|ой|ою|е|ого|ому|ий|ая|ую|ие|их|ы)?$/u;
const CASE_ENDINGS = ["ого", "его", "ому", "ему", "ой", "ей", "ою", "ею", "ом", "ем", "ым", "им", "ых", "их"];
const SHORT_ENDINGS = ["а", "я", "у", "ю", "е", "и", "ы"];

/** The nominative forms a declined name may come from: «ириной» → «ирина», «сергею» → «сергей», «павла» → «павел». */
export function nominatives(word: string): string[] {
  const w = word.toLowerCase().replace(/ё/g, "е").replace(/'s$/, "");
  const out = [w];
  for (const e of [...CASE_ENDINGS, ...SHORT_ENDINGS]) {
    if (!w.endsWith(e) || w.length - e.length < 2) continue;
    const s = w.slice(0, -e.length);
    out.push(s, `${s}а`, `${s}я`, `${s}й`, `${s}ь`, `${s.slice(0, -1)}е${s.slice(-1)}`);
  }
  return out;
}

const TOKEN = /[\p{L}]+(?:['-][\p{L}]+)*/gu;

interface Tok {
  word: string;
  start: number;
  end: number;
}

/** Which tokens are person names: known or common names, patronymics, and surnames beside them. */
function nameTokens(toks: Tok[], text: string, opts: AnonymiseOptions): boolean[] {
  const known = (w: string) =>
    nominatives(w).find((n) => COMMON_FIRST_NAMES.has(n) || (opts.names?.has(n) ?? false));
  const kept = (w: string) => opts.keep?.has(w.toLowerCase()) ?? false;
  const isName = toks.map((tok, i) => {
    const { word } = tok;
    if (kept(word)) return false;
    const cap = /^\p{Lu}\p{Ll}/u.test(word);
    if (cap && PATRONYMIC.test(word)) return true;
    const nom = known(word);
    if (!nom) return false;
    const prev = toks[i - 1];
    const cued = prev !== undefined && adjacent(text, prev, tok) && NAME_CUES.has(prev.word.toLowerCase());
    if (AMBIGUOUS_NAMES.has(nom)) return cap && cued;
    return cap || cued;
  });
  // A capitalised surname- or patronymic-shaped word right before or after a name is the rest of it: «Иван Петров»,
  // «Петрову Ирине», «Анной Сергеевной».
  for (let i = 0; i < toks.length; i += 1) {
    if (isName[i]) continue;
    const tok = toks[i] as Tok;
    if (!(SURNAME.test(tok.word) || PATRONYMIC_ANY.test(tok.word)) || kept(tok.word)) continue;
    const prev = toks[i - 1];
    const next = toks[i + 1];
    if (
      (prev && isName[i - 1] && adjacent(text, prev, tok)) ||
      (next && isName[i + 1] && adjacent(text, tok, next))
    )
      isName[i] = true;
  }
  return isName;
}

/** Only spaces between two tokens. */
function adjacent(text: string, a: Tok, b: Tok): boolean {
  return /^\s+$/u.test(text.slice(a.end, b.start));
}

function replaceNames(text: string, opts: AnonymiseOptions): string {
  const ph = opts.placeholders.name;
  // Initials beside a surname: «Иванов И.И.», «И. И. Иванов».
  let out = text
    .replace(/(?<![\p{L}])(\p{Lu}\p{Ll}+)\s+\p{Lu}\.\s?(?:\p{Lu}\.)?/gu, (m, w: string) =>
      SURNAME.test(w) && !opts.keep?.has(w.toLowerCase()) ? ph : m,
    )
    .replace(/(?<![\p{L}])\p{Lu}\.\s?(?:\p{Lu}\.\s?)?(\p{Lu}\p{Ll}+)/gu, (m, w: string) =>
      SURNAME.test(w) && !opts.keep?.has(w.toLowerCase()) ? ph : m,
    );
  const toks: Tok[] = [...out.matchAll(TOKEN)].map((m) => ({
    word: m[0],
    start: m.index,
    end: m.index + m[0].length,
  }));
  const isName = nameTokens(toks, out, opts);
  for (let i = toks.length - 1; i >= 0; i -= 1) {
    const tok = toks[i] as Tok;
    if (isName[i]) out = out.slice(0, tok.start) + ph + out.slice(tok.end);
  }
  const esc = ph.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return out.replace(new RegExp(`${esc}(?:\\s+${esc})+`, "g"), ph);
}

/** The text with personal data replaced by placeholders. */
export function anonymise(text: string, opts: AnonymiseOptions): string {
  const p = opts.placeholders;
  let out = text
    .replace(EMAIL, p.email)
    .replace(URL_WITH_SCHEME, (u) => (/^(?:https?:\/\/)?(?:www\.)?[^/]+\/?$/i.test(u) ? u : p.link))
    .replace(DOMAIN_PATH, p.link)
    .replace(HANDLE, p.name);
  for (const re of PHONES) out = out.replace(re, p.phone);
  return replaceNames(out, opts);
}

/** The portal's people as a name set: each name part of three letters or more, lower-cased, ё folded. */
export function nameSet(people: readonly (string | null)[]): Set<string> {
  const out = new Set<string>();
  for (const part of people) {
    for (const w of (part ?? "")
      .toLowerCase()
      .replace(/ё/g, "е")
      .match(/\p{L}+/gu) ?? [])
      if (w.length >= 3) out.add(w);
  }
  return out;
}
