import { formatDays, formatInt, formatNumber } from "@/lib/format";
import { reportMessages } from "@/lib/i18n/sections/reports";
import type { ReportData } from "@/lib/reports/registry";
import type { ReportLinks, ReportView } from "@/lib/reports/types";

type Side = ReportData<"clients">["wonVsLost"]["won"];

/** Won and lost deals of the same clients side by side: how many, how long, how much work went into them. */
export function WonVsLostTable(props: { data: ReportData<"clients">; links: ReportLinks; view: ReportView }) {
  const { data, links, view } = props;
  const { locale } = view;
  const t = reportMessages[locale].clients;
  const side = (s: Side) => [
    formatInt(s.deals, locale),
    formatDays(s.medianCycleDays, locale),
    formatNumber(s.medianActivities, locale, 1),
  ];
  const sides = [
    [t.wonSide, data.wonVsLost.won, "won"],
    [t.lostSide, data.wonVsLost.lost, "lost"],
  ] as const;
  return (
    <div className="relative overflow-x-auto">
      <table className="min-w-full text-sm">
        <caption className="mb-2 text-left text-xs text-gray-500">
          {t.clients}: {formatInt(data.wonVsLost.clients, locale)}
        </caption>
        <thead className="text-xs uppercase text-gray-500">
          <tr>
            <th scope="col" className="py-2 text-left font-medium">
              {t.side}
            </th>
            {[t.deals, t.cycle, t.activities].map((h) => (
              <th key={h} scope="col" className="py-2 pl-3 text-right font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="tabular-nums">
          {sides.map(([name, s, outcome]) => (
            <tr key={outcome} className="border-t border-gray-100">
              <th scope="row" className="py-2 text-left font-normal">
                {links.drill ? (
                  <a
                    className="text-blue-700 hover:underline"
                    href={links.drill({ bothOutcomes: true, outcome })}
                  >
                    {name}
                  </a>
                ) : (
                  name
                )}
              </th>
              {side(s).map((v, i) => (
                <td key={["deals", "cycle", "activities"][i]} className="py-2 pl-3 text-right">
                  {v}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
