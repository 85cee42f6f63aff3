/**
 * Comments on lost deals, in Russian as the managers of a Russian portal write them: a reason from the banks in
 * banks.ts with its placeholders filled (competitors, sums, dates, now and then a contact's name, phone or
 * e-mail), sometimes an opening, a detail or a second reason, typos and lower-case starts. Everything draws from
 * the generator's seeded stream, so a seed gives the same words.
 */
import {
  COMMENT_CONTACT_TAILS,
  COMMENT_CORES,
  COMMENT_DETAILS,
  COMMENT_DURATIONS,
  COMMENT_PREFIXES,
  COMMENT_QUARTERS,
  COMMENT_SUMS,
  COMMENT_TIMES,
  CONTACT_NAMES,
  KNOWN_COMPETITOR_SPELLINGS,
  MAIL_DOMAINS,
  NEUTRAL_COMMENTS,
  translit,
  UNKNOWN_COMPETITORS,
} from "./banks";
import { Rng } from "./random";
import { REASON } from "./reference";

/** Comment themes: the product's built-in themes in their order, plus NOISE (no reason in the words). */
export const THEME = {
  price: 0,
  competitor: 1,
  budget: 2,
  timing: 3,
  noResponse: 4,
  productFit: 5,
  trust: 6,
  decision: 7,
  terms: 8,
  service: 9,
  notTarget: 10,
  noise: 11,
} as const;
export const THEME_COUNT = 12;

/** The comment theme of each reason code (REASON order); «Другое» is spread by OTHER_THEMES. */
const THEME_OF_REASON = [
  THEME.price,
  THEME.competitor,
  THEME.budget,
  THEME.noResponse,
  THEME.productFit,
  THEME.timing,
  THEME.decision,
  THEME.notTarget,
  -1,
];
/** What a manager who picked «Другое» writes: the reasons the field does not list, or nothing useful. */
const OTHER_THEMES = [0, 0, 0, 0, 0, 0, 0.3, 0, 0.3, 0.2, 0, 0.2];
/** Theme mix of comments that do not follow the recorded reason: price talk dominates. */
const STRAY_THEMES = [0.3, 0.14, 0.1, 0.08, 0.12, 0.08, 0.04, 0.04, 0.04, 0.03, 0.01, 0.02];
const UNKNOWN_WEIGHTS = UNKNOWN_COMPETITORS.map((c) => c[0]);
const CYRILLIC_LOWER = /[а-яё]/;

/** The theme of a comment on a deal lost for `reason`: mostly the reason itself, sometimes something else. */
export function commentTheme(rng: Rng, reason: number, agree: boolean): number {
  if (!agree) return rng.weighted(STRAY_THEMES);
  return reason === REASON.other ? rng.weighted(OTHER_THEMES) : THEME_OF_REASON[reason]!;
}

/** A competitor as a manager spells it: mostly one of the product's list, some the product does not know. */
export function competitorName(rng: Rng, unknownShare: number): string {
  if (!rng.chance(unknownShare)) return rng.pick(KNOWN_COMPETITOR_SPELLINGS);
  return rng.pick(UNKNOWN_COMPETITORS[rng.weighted(UNKNOWN_WEIGHTS)]![1]);
}

/** Fills the placeholders of one comment; a contact named twice stays the same person. */
class Filler {
  private contact = -1;

  constructor(private readonly rng: Rng) {}

  fill(template: string): string {
    this.contact = -1;
    return template.indexOf("{") < 0
      ? template
      : template.replace(/\{(\w+)\}/g, (_, k: string) => this.value(k));
  }

  private person(): readonly [string, string, boolean] {
    if (this.contact < 0) this.contact = this.rng.int(0, CONTACT_NAMES.length - 1);
    return CONTACT_NAMES[this.contact]!;
  }

  private value(key: string): string {
    const { rng } = this;
    switch (key) {
      case "c":
        return competitorName(rng, 0);
      case "u":
        return competitorName(rng, 1);
      case "k":
        return competitorName(rng, 0.25);
      case "p":
        return String(rng.int(2, 8) * 5);
      case "s":
        return rng.pick(COMMENT_SUMS);
      case "m":
        return rng.pick(COMMENT_TIMES);
      case "q":
        return rng.pick(COMMENT_QUARTERS);
      case "d":
        return rng.pick(COMMENT_DURATIONS);
      case "x":
        return String(rng.int(5, 9));
      case "n":
        return this.person()[0];
      case "ni":
        return this.person()[1];
      case "a":
        return this.person()[2] ? "а" : "";
      case "phone":
        return phone(rng);
      case "email":
        return email(rng, this.person()[0]);
      default:
        return key;
    }
  }
}

function phone(rng: Rng): string {
  const d = (n: number) => rng.token(n, "0123456789");
  const r = rng.next();
  if (r < 0.5) return `+7 9${d(2)} ${d(3)}-${d(2)}-${d(2)}`;
  if (r < 0.75) return `8 (${rng.pick(["495", "812", "343", "383", "846"])}) ${d(3)}-${d(2)}-${d(2)}`;
  return `89${d(9)}`;
}

function email(rng: Rng, name: string): string {
  const login = rng.chance(0.5)
    ? translit(name)
    : `${translit(name).charAt(0)}.${rng.token(5, "abcdeiklmnoprstuvz")}`;
  return `${login}${rng.chance(0.3) ? rng.int(1, 99) : ""}@${rng.pick(MAIL_DOMAINS)}`;
}

/** One slip of the keyboard in a Cyrillic word: two letters swapped, one dropped or doubled. */
function typo(rng: Rng, text: string): string {
  const at = rng.int(1, Math.max(1, text.length - 3));
  for (let i = at; i < text.length - 1; i++) {
    if (!CYRILLIC_LOWER.test(text[i]!) || !CYRILLIC_LOWER.test(text[i + 1]!)) continue;
    const r = rng.next();
    if (r < 0.4) return text.slice(0, i) + text[i + 1] + text[i] + text.slice(i + 2);
    if (r < 0.75) return text.slice(0, i) + text.slice(i + 1);
    return text.slice(0, i + 1) + text.slice(i);
  }
  return text;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** Writes loss comments; one per call, on a comment theme (THEME). */
export class CommentWriter {
  private readonly filler: Filler;

  constructor(private readonly rng: Rng) {
    this.filler = new Filler(rng);
  }

  loss(theme: number): string {
    const { rng, filler } = this;
    let text = filler.fill(rng.pick(COMMENT_CORES[theme]!));
    if (theme === THEME.noise) return text;
    const r = rng.next();
    const details = COMMENT_DETAILS[theme]!;
    if (r < 0.25 && details.length > 0) text += `, ${filler.fill(rng.pick(details))}`;
    else if (r < 0.37) text = `${rng.pick(COMMENT_PREFIXES)}${lowerFirst(text)}`;
    else if (r < 0.47) {
      const other = rng.int(0, THEME.notTarget - 1);
      if (other !== theme) text += `. ${filler.fill(rng.pick(COMMENT_CORES[other]!))}`;
    }
    if (rng.chance(0.1)) text += filler.fill(rng.pick(COMMENT_CONTACT_TAILS));
    if (rng.chance(0.05)) text = typo(rng, text);
    if (rng.chance(0.2)) text = lowerFirst(text);
    if (rng.chance(0.15)) text += ".";
    return text;
  }
}

/** Each theme's sentences with their placeholders filled once (seed 1): a fixed phrase bank for benches. */
export const THEME_PHRASES: readonly (readonly string[])[] = (() => {
  const filler = new Filler(new Rng(1));
  return COMMENT_CORES.map((bank) => bank.map((t) => filler.fill(t)));
})();

/** BB-code flavour for the deal COMMENTS field. */
export function bbCode(rng: Rng, text: string): string {
  const r = rng.next();
  if (r < 0.5) return `[B]${text}[/B]`;
  if (r < 0.75) return `[I]${text}[/I]`;
  return `[B]Причина:[/B] ${text}`;
}

export function neutralComment(rng: Rng): string {
  return rng.pick(NEUTRAL_COMMENTS);
}

export const SCRIPT_COMMENT = "Дорого <script>alert(1)</script> — проверить экранирование";
export const HTML_COMMENT =
  "<p><b>Ушли к конкуренту</b>: <i>amoCRM</i> дешевле на 20%<br>вернуться в марте</p>";
