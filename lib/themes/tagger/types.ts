/** The eleven built-in theme keys (lib/themes/lexicon.ts). */
export type BuiltinThemeKey =
  | "price"
  | "competitor"
  | "budget"
  | "timing"
  | "no_response"
  | "product_fit"
  | "trust"
  | "decision_maker"
  | "terms"
  | "service"
  | "not_target";

/**
 * One theme's rules. `strong` patterns tag on their own; `weak` ones (we lack what they need, said in general
 * words: "нужен X, у нас только Y") tag only when no theme but competitor was found; `fallback` ones (a need
 * with no word of our lacking it) only when nothing else was — a feature the client chose a competitor for is
 * the competitor alone (README, product_fit). Patterns use the language of ./pattern.ts.
 */
export interface ThemeRules {
  key: BuiltinThemeKey;
  strong: readonly string[];
  weak?: readonly string[];
  fallback?: readonly string[];
}

/** Spans that rule a theme out ("цена устроила", "проблема не в деньгах"): blanked before that theme is read. */
export interface MaskRule {
  themes: readonly BuiltinThemeKey[] | "all";
  patterns: readonly string[];
}

export interface ThemeTag {
  key: string;
  /** The words that made the tag, as the manager wrote them. */
  evidence: string[];
}

export interface CompetitorTag {
  name: string;
  /** The spelling found in the comment. */
  text: string;
}

export interface TagResult {
  themes: ThemeTag[];
  competitors: CompetitorTag[];
}
