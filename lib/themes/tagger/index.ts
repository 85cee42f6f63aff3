/**
 * The loss-theme tagger: pure TypeScript, no database. A comment → its themes, each with the words that made
 * it, and the competitors it names. Built-in themes are read by rules written from the labelling rules of
 * ../shared/data/loss-comments/README.md (./rules-*.ts, ./masks.ts); an admin's own keywords on a built-in
 * theme add to those rules, and a custom theme is its keywords (./keywords.ts). Measured by
 * `npm run bench:themes` (tests/bench/themes.ts); the method is described in docs/themes-tagging.md.
 */
import { compileKeywords, matchKeywords } from "./keywords";
import {
  brandAfterChoice,
  type CompetitorEntry,
  compileCompetitors,
  isBenchmarkMention,
  isIntegrationTarget,
} from "./names";
import { normalizeText } from "./normalize";
import { BUILTIN_KEYS, COMPILED_THEMES, GLOBAL_MASK } from "./rules";
import { tokenize } from "./stem";
import type { CompetitorTag, TagResult, ThemeTag } from "./types";

export type { CompetitorEntry } from "./names";
export type { CompetitorTag, TagResult, ThemeTag } from "./types";

export interface TaggerTheme {
  key: string;
  /** Keywords an admin set: for a built-in theme only those beyond its built-in list are read. */
  keywords: readonly string[];
}

export interface TaggerConfig {
  themes: readonly TaggerTheme[];
  competitors: readonly CompetitorEntry[];
  /** Built-in keyword lists (lib/themes/lexicon.ts), so an admin's additions can be told apart. */
  builtinKeywords?: ReadonlyMap<string, readonly string[]>;
}

/** Distrust said in general words; after a service failure it is that failure speaking (README, trust). */
const GENERIC_DISTRUST = /^(?:не\s+)?(?:довер|верят|верит|поверил|рискнул|боят|опаса)/u;

/** Overlapping or touching spans become one ("ушли в" + "AmoCRM" → "ушли в AmoCRM"). */
function mergeSpans(spans: Spans): Spans {
  const out: Spans = [];
  for (const [s, e] of [...spans].sort((a, b) => a[0] - b[0])) {
    const last = out[out.length - 1];
    if (last && s <= last[1] + 1) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** The README's rules between themes that one theme's rules cannot see alone. */
function crossRules(found: Map<string, Spans>, norm: string) {
  const trust = found.get("trust");
  if (trust && found.has("service") && trust.every(([s, e]) => GENERIC_DISTRUST.test(norm.slice(s, e))))
    found.delete("trust");
}

const NEGATION = /(?:^|[^\p{L}\p{N}])(?:не|not|ни)[^\p{L}\p{N}.!?;,]*$/u;
const SELF_NEGATED = /^(?:не|нет|not|ни|no|без)(?![\p{L}\p{N}])/u;

type Spans = Array<[number, number]>;
const WORD_START = /(?<![a-zа-я0-9])[a-zа-я0-9]/g;

/** Where words start: every rule begins with a word, so a sticky regex is tried there only (5× fewer tries). */
function wordStarts(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(WORD_START)) out.push(m.index ?? 0);
  return out;
}

/** Matches of a sticky regex tried at each word start, left to right, without overlaps. */
function scan(text: string, starts: readonly number[], re: RegExp): Spans {
  const out: Spans = [];
  let after = 0;
  for (const s of starts) {
    if (s < after) continue;
    re.lastIndex = s;
    const m = re.exec(text);
    if (!m?.[0].trim()) continue;
    out.push([s, s + m[0].length]);
    after = s + m[0].length;
  }
  return out;
}

/** A match right after "не" / "not" is negated, unless the rule itself starts with the negation. */
function notNegated(text: string, [start, end]: [number, number]): boolean {
  return (
    SELF_NEGATED.test(text.slice(start, end)) || !NEGATION.test(text.slice(Math.max(0, start - 12), start))
  );
}

function ruleSpans(text: string, starts: readonly number[], re: RegExp): Spans {
  return scan(text, starts, re).filter((s) => notNegated(text, s));
}

/** Blanks what a mask rules out ("цена устроила"), but not its negation ("цена не устроила"). */
function blank(text: string, starts: readonly number[], re: RegExp | null): string {
  if (!re) return text;
  let out = text;
  for (const [s, e] of ruleSpans(text, starts, re)) out = out.slice(0, s) + " ".repeat(e - s) + out.slice(e);
  return out;
}

export function createTagger(config: TaggerConfig) {
  const enabled = new Set(config.themes.map((t) => t.key));
  const rules = COMPILED_THEMES.filter((r) => enabled.has(r.key));
  const names = compileCompetitors(config.competitors);
  const keywordThemes = config.themes
    .map((t) => {
      const builtin = new Set((config.builtinKeywords?.get(t.key) ?? []).map((k) => k.toLowerCase()));
      const own = BUILTIN_KEYS.has(t.key)
        ? t.keywords.filter((k) => !builtin.has(k.toLowerCase()))
        : t.keywords;
      return { key: t.key, matchers: compileKeywords(own) };
    })
    .filter((t) => t.matchers.length > 0);
  const order = new Map(config.themes.map((t, i) => [t.key, i]));

  return function tag(text: string): TagResult {
    const raw = normalizeText(text);
    const starts = wordStarts(raw);
    const norm = blank(raw, starts, GLOBAL_MASK);
    const found = new Map<string, Spans>();
    const add = (key: string, spans: Spans) => {
      if (spans.length) found.set(key, [...(found.get(key) ?? []), ...spans]);
    };
    for (const r of rules) add(r.key, ruleSpans(blank(norm, starts, r.masks), starts, r.strong));
    const weakOnly = [...found.keys()].every((k) => k === "competitor");
    for (const r of rules)
      if (r.weak && weakOnly) add(r.key, ruleSpans(blank(norm, starts, r.masks), starts, r.weak));
    const none = found.size === 0;
    for (const r of rules)
      if (r.fallback && none) add(r.key, ruleSpans(blank(norm, starts, r.masks), starts, r.fallback));

    const competitors: CompetitorTag[] = [];
    for (const n of names) {
      for (const m of norm.matchAll(n.re)) {
        const start = m.index ?? 0;
        const end = start + m[0].length;
        if (isIntegrationTarget(norm, start)) continue;
        if (!competitors.some((c) => c.name === n.name))
          competitors.push({ name: n.name, text: text.slice(start, end).trim() });
        if (enabled.has("competitor") && !isBenchmarkMention(norm, start, end))
          add("competitor", [[start, end]]);
      }
    }
    const brand = enabled.has("competitor") ? brandAfterChoice(text, norm) : null;
    if (brand && !isIntegrationTarget(norm, brand[0])) add("competitor", [brand]);
    if (keywordThemes.length) {
      const tokens = tokenize(norm);
      for (const k of keywordThemes)
        add(
          k.key,
          matchKeywords(k.matchers, tokens).map((s) => [s.start, s.end]),
        );
    }
    crossRules(found, norm);
    const themes: ThemeTag[] = [...found.entries()]
      .sort((a, b) => (order.get(a[0]) ?? 0) - (order.get(b[0]) ?? 0))
      .map(([key, spans]) => ({
        key,
        evidence: [...new Set(mergeSpans(spans).map(([s, e]) => text.slice(s, e).trim()))].slice(0, 3),
      }));
    return { themes, competitors };
  };
}

export type Tagger = ReturnType<typeof createTagger>;
