/**
 * Findings for the Clients page: each pattern is a key with its numbers; lib/i18n/findings.ts puts it into
 * words. A pattern is stated only when its numbers exist — never invented.
 */

export interface Pattern {
  key: "lostCloseFaster" | "lostCloseSlower" | "lostFewerActivities" | "lostMoreActivities" | "priorWinShare";
  params: Record<string, number>;
}

export interface SideMedians {
  deals: number;
  medianCycleDays: number | null;
  medianCompletedActivities: number | null;
}

/** Percent difference of a against b, rounded; null when b is 0 (no base to compare with). */
const pctDiff = (a: number, b: number) => (b === 0 ? null : Math.round((Math.abs(a - b) / b) * 100));

export function clientPatterns(
  won: SideMedians,
  lost: SideMedians,
  priorWin: { lostWithPriorWin: number; lostDeals: number },
): Pattern[] {
  const out: Pattern[] = [];
  const w = won.medianCycleDays;
  const l = lost.medianCycleDays;
  if (w !== null && l !== null && l !== w) {
    const pct = pctDiff(l, w);
    if (pct !== null) {
      const faster = l < w;
      out.push({
        key: faster ? "lostCloseFaster" : "lostCloseSlower",
        params: { pct, lostDays: l, wonDays: w, lostDeals: lost.deals, wonDeals: won.deals },
      });
    }
  }
  const wa = won.medianCompletedActivities;
  const la = lost.medianCompletedActivities;
  if (wa !== null && la !== null && wa !== la) {
    const pct = pctDiff(la, wa);
    if (pct !== null) {
      const fewer = la < wa;
      out.push({
        key: fewer ? "lostFewerActivities" : "lostMoreActivities",
        params: { pct, lostActivities: la, wonActivities: wa },
      });
    }
  }
  if (priorWin.lostDeals > 0 && priorWin.lostWithPriorWin > 0) {
    const pct = Math.round((priorWin.lostWithPriorWin / priorWin.lostDeals) * 100);
    const { lostWithPriorWin: n, lostDeals: total } = priorWin;
    out.push({
      key: "priorWinShare",
      params: { pct, lostWithPriorWin: n, lostDeals: total },
    });
  }
  return out;
}
