/**
 * The labelled loss comments (../shared/data/loss-comments, README there) scored against the tagger: the
 * deterministic split, per-theme precision / recall / F1, macro and micro F1, competitor-name precision and
 * recall. Used by `npm run bench:themes` and by tests/unit/themes-tagger-heldout.test.ts.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { BUILTIN_COMPETITORS, BUILTIN_THEMES } from "../../lib/themes/lexicon";
import { createTagger, type Tagger, type TagResult } from "../../lib/themes/tagger";

export interface Labelled {
  id: number;
  text: string;
  themes: string[];
  competitors: string[];
}

export const LABELLED_DIR =
  process.env.LOSS_COMMENTS_DIR ?? path.resolve(__dirname, "../../../shared/data/loss-comments");

/** Held out: every comment whose id is divisible by 3 (100 of 300). The tagger was tuned on the other 200. */
export const isHeldOut = (c: Labelled) => c.id % 3 === 0;

/**
 * Comments made up while writing the rules (tests/bench/themes-dev.txt, "themes | competitors | text"), in other
 * industries than the shared set, labelled by the README's rules. The rules were fixed against them too, so they
 * say how well the rules cover their own examples, not how they generalise.
 */
export function readInvented(): Labelled[] {
  return readFileSync(path.join(__dirname, "themes-dev.txt"), "utf8")
    .split("\n")
    .filter((l) => l.trim() && !l.startsWith("#"))
    .map((l, i) => {
      const [themes = "", names = "", ...text] = l.split("|").map((x) => x.trim());
      const list = (x: string) =>
        x
          .split(",")
          .map((y) => y.trim())
          .filter(Boolean);
      return { id: -(i + 1), text: text.join("|"), themes: list(themes), competitors: list(names) };
    });
}

export function readLabelled(dir = LABELLED_DIR): Labelled[] {
  return readFileSync(path.join(dir, "labelled.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Labelled);
}

export const THEME_KEYS = BUILTIN_THEMES.map((t) => t.key);
const SEVEN = new Set(BUILTIN_COMPETITORS.map((c) => c.name));

/**
 * The portal's competitor list the bench runs with: the product's seven plus, like an admin would add them,
 * the other vendors named in the TUNING part (canonical name only, no variants). Names that occur only in the
 * held-out part are not on the list, so they count as misses there.
 */
export function benchCompetitors(all: readonly Labelled[]) {
  const others = [
    ...new Set(
      all
        .filter((c) => !isHeldOut(c))
        .flatMap((c) => c.competitors)
        .filter((n) => !SEVEN.has(n)),
    ),
  ].sort();
  return [
    ...BUILTIN_COMPETITORS.map((c) => ({ name: c.name, variants: [] as string[] })),
    ...others.map((name) => ({ name, variants: [] })),
  ];
}

export function benchTagger(all: readonly Labelled[]): Tagger {
  return createTagger({
    themes: BUILTIN_THEMES.map((t) => ({ key: t.key, keywords: t.keywords })),
    competitors: benchCompetitors(all),
    builtinKeywords: new Map(BUILTIN_THEMES.map((t) => [t.key, t.keywords])),
  });
}

export interface ThemeScore {
  key: string;
  tp: number;
  fp: number;
  fn: number;
  support: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface Score {
  n: number;
  themes: ThemeScore[];
  macroF1: number;
  microF1: number;
  names: { tp: number; fp: number; fn: number; precision: number; recall: number };
  seven: { tp: number; fp: number; fn: number; precision: number; recall: number };
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
const f1Of = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

function pr(tp: number, fp: number, fn: number) {
  return { tp, fp, fn, precision: ratio(tp, tp + fp), recall: ratio(tp, tp + fn) };
}

export function score(items: readonly Labelled[], results: readonly TagResult[]): Score {
  const c = new Map(THEME_KEYS.map((k) => [k, { tp: 0, fp: 0, fn: 0 }]));
  const nm = { tp: 0, fp: 0, fn: 0 };
  const sv = { tp: 0, fp: 0, fn: 0 };
  items.forEach((item, i) => {
    const got = new Set((results[i] as TagResult).themes.map((t) => t.key));
    const want = new Set(item.themes);
    for (const k of THEME_KEYS) {
      const s = c.get(k) as { tp: number; fp: number; fn: number };
      if (got.has(k) && want.has(k)) s.tp += 1;
      else if (got.has(k)) s.fp += 1;
      else if (want.has(k)) s.fn += 1;
    }
    const gotN = new Set((results[i] as TagResult).competitors.map((x) => x.name));
    const wantN = new Set(item.competitors);
    for (const [acc, keep] of [
      [nm, () => true],
      [sv, (n: string) => SEVEN.has(n)],
    ] as const) {
      for (const n of gotN) {
        if (!keep(n)) continue;
        if (wantN.has(n)) acc.tp += 1;
        else acc.fp += 1;
      }
      for (const n of wantN) if (keep(n) && !gotN.has(n)) acc.fn += 1;
    }
  });
  const themes = THEME_KEYS.map((key) => {
    const s = c.get(key) as { tp: number; fp: number; fn: number };
    const precision = ratio(s.tp, s.tp + s.fp);
    const recall = ratio(s.tp, s.tp + s.fn);
    return { key, ...s, support: s.tp + s.fn, precision, recall, f1: f1Of(precision, recall) };
  });
  const T = themes.reduce((a, t) => ({ tp: a.tp + t.tp, fp: a.fp + t.fp, fn: a.fn + t.fn }), {
    tp: 0,
    fp: 0,
    fn: 0,
  });
  return {
    n: items.length,
    themes,
    macroF1: themes.reduce((a, t) => a + t.f1, 0) / themes.length,
    microF1: f1Of(ratio(T.tp, T.tp + T.fp), ratio(T.tp, T.tp + T.fn)),
    names: pr(nm.tp, nm.fp, nm.fn),
    seven: pr(sv.tp, sv.fp, sv.fn),
  };
}

/** Tags one part and scores it. */
export function evaluate(all: readonly Labelled[], part: "tuning" | "heldout", tagger = benchTagger(all)) {
  const items = all.filter((c) => (part === "heldout" ? isHeldOut(c) : !isHeldOut(c)));
  const results = items.map((c) => tagger(c.text));
  return { items, results, score: score(items, results) };
}
