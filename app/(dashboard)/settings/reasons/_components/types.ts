import type { Locale } from "@/lib/i18n/config";
import type { ReasonsAdminText } from "@/lib/i18n/sections/reasons-admin";
import type { DictionaryRaw, DictionaryReason } from "@/lib/reasons/dictionary";
import type { Proposal } from "@/lib/reasons/proposals";

/** A count as shown, and the drill-down it opens. */
interface Shown {
  deals: string;
  money: string;
  href: string;
}

/** What the dictionary page shows: plain data, formatted on the server. */
export interface PageData {
  t: ReasonsAdminText;
  locale: Locale;
  reasons: (DictionaryReason & Shown & { raws: string[] })[];
  raws: (DictionaryRaw & Shown)[];
  noRaw: Shown;
  notSpecified: Shown;
  themes: { id: number; name: string }[];
  proposals: Proposal[];
}
