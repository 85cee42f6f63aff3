/**
 * Text in LossLens — the one rule. Every word a user reads lives under lib/i18n, in Russian (the default) and
 * English:
 *
 * - Server-rendered text (pages, report views, CSV headers, Markdown briefs, error messages) comes from the typed
 *   dictionaries in `lib/i18n/sections/<area>.ts`, read as `xMessages[locale]`; a client leaf gets the slice it
 *   needs as a prop (`ThemesText`, `CommentsText`, …).
 * - next-intl (`messages.ts`, `useTranslations`/`getTranslations`) serves only the app shell — sign-in, navigation,
 *   home, users, audit — which client components render with hooks. New text does not go there.
 * - Domain code (lib/analytics, lib/themes, lib/comments, lib/bitrix24, …) returns keys and numbers, never prose
 *   and never `locale === "ru" ? … : …`; a sentence built from a key and its numbers is a function here
 *   (`strategyVerdictText`, `clientPatternText`).
 * - Numbers, money, shares, p-values and dates are formatted only by lib/format.ts.
 */
export { type Locale, toLocale } from "./config";
export { clientPatternText, strategyVerdictText } from "./findings";

/** A theme's name in the reader's language (themes carry both, edited in /themes). */
export function themeName(theme: { nameRu: string; nameEn: string }, locale: "ru" | "en"): string {
  return locale === "ru" ? theme.nameRu : theme.nameEn;
}
