import type { reportMessages } from "@/lib/i18n/sections/reports";
import type { Slice } from "@/lib/url-state/slice";

/** The clicked slice in words, e.g. "проиграны на стадии «Переговоры» · причина «Дорого»". */
export function sliceWords(
  slice: Slice,
  messages: (typeof reportMessages)["ru"],
  lookups: {
    pipelines?: Record<string, string>;
    stages?: Record<string, string>;
    reasons?: Record<string, string>;
    managers?: Record<string, string>;
  },
  /** Loss capture slices (d_capture) in words: captureMessages[locale].slice. */
  captureWords?: Record<string, string>,
): string {
  const t = messages.deals.slice;
  const outcomeWords = {
    won: messages.deals.won,
    lost: messages.deals.lost,
    open: messages.deals.openOutcome,
    closed: messages.deals.closedOutcome,
  };
  const parts: string[] = [];
  if (slice.deal !== undefined) parts.push(`${t.deal} #${slice.deal}`);
  if (slice.stage) parts.push(`${t.stage} «${lookups.stages?.[slice.stage] ?? slice.stage}»`);
  if (slice.reached) parts.push(`${t.reached} «${lookups.stages?.[slice.reached] ?? slice.reached}»`);
  if (slice.current) parts.push(`${t.current} «${lookups.stages?.[slice.current] ?? slice.current}»`);
  if (slice.pipeline !== undefined)
    parts.push(`${t.pipeline} «${lookups.pipelines?.[String(slice.pipeline)] ?? `#${slice.pipeline}`}»`);
  if (slice.reason) parts.push(`${t.reason} «${lookups.reasons?.[slice.reason] ?? slice.reason}»`);
  if (slice.manager !== undefined)
    parts.push(`${t.manager} «${lookups.managers?.[String(slice.manager)] ?? `#${slice.manager}`}»`);
  if (slice.outcome) parts.push(`${t.outcome}: ${outcomeWords[slice.outcome]}`);
  if (slice.quadrant) parts.push(`${t.quadrant}: ${messages.strategies.quadrants[slice.quadrant]}`);
  if (slice.priorWin) parts.push(t.priorWin);
  if (slice.capture) parts.push(captureWords?.[slice.capture] ?? slice.capture);
  if (slice.bothOutcomes) parts.push(t.bothOutcomes);
  if (slice.month) parts.push(`${t.month} ${slice.month}`);
  if (slice.week) parts.push(`${t.week} ${slice.week}`);
  return parts.join(" · ");
}
