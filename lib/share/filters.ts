/**
 * A share link's filter snapshot: frozen from the creator's view when the link is made, stored as jsonb, and read
 * back as the same search params (lib/url-state's FILTER_KEYS, in their order) whenever the link is shown.
 */
import type { shareLinks } from "@/db/schema";
import { type Filters, parseFilters, serializeFilters } from "@/lib/url-state/filters";
import { FILTER_KEYS } from "@/lib/url-state/keys";
import { localDate } from "@/lib/url-state/period";

/**
 * The filters as they will be stored: a relative period ("last 90 days") becomes the dates it meant when the
 * link was made, so the shared view does not drift; paging starts at the first page.
 */
export function freezeFilters(f: Filters): URLSearchParams {
  const frozen: Filters = { ...f, page: 1 };
  if (f.period !== "all" && f.period !== "custom" && f.range.from && f.range.to) {
    frozen.period = "custom";
    frozen.from = localDate(Date.parse(f.range.from), f.offset);
    frozen.to = localDate(Date.parse(f.range.to) - 1, f.offset);
  }
  return serializeFilters(frozen);
}

/**
 * The stored snapshot as search params: only known keys with string values survive, in FILTER_KEYS' order
 * (jsonb keeps its own key order, and the same view should give the same link).
 */
export function frozenParams(link: Pick<typeof shareLinks.$inferSelect, "filters">): URLSearchParams {
  const p = new URLSearchParams();
  const stored = link.filters ?? {};
  for (const k of FILTER_KEYS) {
    const v = stored[k];
    if (typeof v === "string") p.set(k, v);
  }
  return p;
}

/** A listed link's frozen filters, parsed in the portal's offset (to put them in words). */
export function sharedFilters(params: URLSearchParams, now: Date, offset: string): Filters {
  return parseFilters(params, now, { offset });
}
