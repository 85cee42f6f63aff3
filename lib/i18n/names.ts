/** Names stored in both languages (themes: `nameRu`, `nameEn`), picked for the reader's locale. */
import type { Locale } from "./config";

export function localName(named: { nameRu: string; nameEn: string }, locale: Locale): string {
  return locale === "ru" ? named.nameRu : named.nameEn;
}
