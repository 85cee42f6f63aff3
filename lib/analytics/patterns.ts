/**
 * Plain-word findings for the Clients page: each pattern is a key with its numbers (for the UI's own
 * messages) and a ready ru/en sentence. A pattern is stated only when its numbers exist — never invented.
 */

export interface Pattern {
  key: "lostCloseFaster" | "lostCloseSlower" | "lostFewerActivities" | "lostMoreActivities" | "priorWinShare";
  params: Record<string, number>;
  text: { ru: string; en: string };
}

export interface SideMedians {
  deals: number;
  medianCycleDays: number | null;
  medianCompletedActivities: number | null;
}

const fmt = (x: number, locale: "ru" | "en") =>
  new Intl.NumberFormat(locale === "ru" ? "ru-RU" : "en-US", { maximumFractionDigits: 1 }).format(x);

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
        text: {
          ru: `Проигранные сделки с клиентами, у которых есть и выигранные, закрываются на ${pct}% ${faster ? "быстрее" : "медленнее"} выигранных (медиана ${fmt(l, "ru")} дн. против ${fmt(w, "ru")} дн.)`,
          en: `Lost deals with clients who also have won deals close ${pct}% ${faster ? "faster" : "slower"} than their won deals (median ${fmt(l, "en")} vs ${fmt(w, "en")} days)`,
        },
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
        text: {
          ru: `По проигранным сделкам этих клиентов выполнено на ${pct}% ${fewer ? "меньше" : "больше"} дел, чем по выигранным (медиана ${fmt(la, "ru")} против ${fmt(wa, "ru")})`,
          en: `Lost deals of these clients got ${pct}% ${fewer ? "fewer" : "more"} completed activities than their won deals (median ${fmt(la, "en")} vs ${fmt(wa, "en")})`,
        },
      });
    }
  }
  if (priorWin.lostDeals > 0 && priorWin.lostWithPriorWin > 0) {
    const pct = Math.round((priorWin.lostWithPriorWin / priorWin.lostDeals) * 100);
    const { lostWithPriorWin: n, lostDeals: total } = priorWin;
    out.push({
      key: "priorWinShare",
      params: { pct, lostWithPriorWin: n, lostDeals: total },
      text: {
        ru: `${n} из ${total} проигранных сделок (${pct}%) — с клиентами, которые уже покупали`,
        en: `${n} of ${total} lost deals (${pct}%) were with clients who had bought before`,
      },
    });
  }
  return out;
}
