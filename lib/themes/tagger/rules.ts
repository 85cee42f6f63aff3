/** Every built-in theme's rules, in the lexicon's order, compiled once. */
import { MASKS } from "./masks";
import { compilePatterns } from "./pattern";
import { BUDGET, NO_RESPONSE, PRICE, TIMING } from "./rules-money-time";
import { NOT_TARGET, PRODUCT_FIT, TERMS } from "./rules-offer";
import { COMPETITOR, DECISION_MAKER, SERVICE, TRUST } from "./rules-people";
import type { BuiltinThemeKey, ThemeRules } from "./types";

export const THEME_RULES: readonly ThemeRules[] = [
  PRICE,
  COMPETITOR,
  BUDGET,
  TIMING,
  NO_RESPONSE,
  PRODUCT_FIT,
  TRUST,
  DECISION_MAKER,
  TERMS,
  SERVICE,
  NOT_TARGET,
];

export interface CompiledTheme {
  key: BuiltinThemeKey;
  strong: RegExp;
  weak: RegExp | null;
  fallback: RegExp | null;
  /** Masks read before this theme's rules (the "all" masks are applied once, before these). */
  masks: RegExp | null;
}

const allMasks = MASKS.filter((m) => m.themes === "all").flatMap((m) => m.patterns);
export const GLOBAL_MASK: RegExp = compilePatterns(allMasks);

export const COMPILED_THEMES: readonly CompiledTheme[] = THEME_RULES.map((r) => {
  const own = MASKS.filter((m) => m.themes !== "all" && m.themes.includes(r.key)).flatMap((m) => m.patterns);
  return {
    key: r.key,
    strong: compilePatterns(r.strong),
    weak: r.weak?.length ? compilePatterns(r.weak) : null,
    fallback: r.fallback?.length ? compilePatterns(r.fallback) : null,
    masks: own.length ? compilePatterns(own) : null,
  };
});

export const BUILTIN_KEYS: ReadonlySet<string> = new Set(THEME_RULES.map((r) => r.key));
