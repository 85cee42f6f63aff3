import type { MyCapture } from "@/lib/analytics/capture";
import { formatInt, formatPct } from "@/lib/format";
import type { Locale } from "@/lib/i18n/config";
import { captureMessages } from "@/lib/i18n/sections/capture";
import { CAPTURE_PARTS, type CapturePart } from "@/lib/reasons/capture";

/** The drill-down behind each of my numbers: my lost deals, those recorded well, and each part's deals. */
export type CaptureLinks = Record<CapturePart | "ok" | "lost", string>;

const card = "rounded-lg border border-gray-200 bg-white p-5 shadow-sm";
const link = "text-blue-700 underline-offset-2 hover:underline";

/** My loss capture quality against the team median, each part with my deals behind it and what to do. */
export function MyCaptureCard({
  capture,
  links,
  locale,
}: {
  capture: MyCapture;
  links: CaptureLinks;
  locale: Locale;
}) {
  const t = captureMessages[locale];
  const { mine, teamMedian } = capture;
  const problems = CAPTURE_PARTS.filter((p) => mine.parts[p].count > 0).sort(
    (a, b) => mine.parts[b].count - mine.parts[a].count,
  );
  return (
    <section aria-labelledby="my-capture" className={card}>
      <h2 id="my-capture" className="text-lg font-medium">
        {t.mine}
      </h2>
      <p className="mt-1 text-sm text-gray-600">{t.myHelp}</p>
      {mine.lost === 0 ? (
        <p className="mt-3 text-sm text-gray-600">{t.noLost}</p>
      ) : (
        <>
          <p className="mt-3 flex flex-wrap items-baseline gap-x-3 gap-y-1">
            <a href={links.ok} className={`text-3xl font-semibold ${link}`} data-testid="my-capture-quality">
              {formatPct(mine.quality, locale)}
            </a>
            <span className="text-sm text-gray-600">
              {t.myTeamMedian}:{" "}
              <span data-testid="team-capture-quality">{formatPct(teamMedian.quality, locale)}</span>
            </span>
            <a href={links.lost} className={`text-sm ${link}`}>
              {t.lost}: {formatInt(mine.lost, locale)}
            </a>
          </p>
          <PartsTable capture={capture} links={links} locale={locale} />
          <ul className="mt-3 space-y-1 text-sm">
            {problems.length === 0 ? <li className="text-green-800">{t.allGood}</li> : null}
            {problems.map((p) => (
              <li key={p} className="text-amber-900">
                {t.advice[p](mine.parts[p].count, mine.lost)}
              </li>
            ))}
          </ul>
          <p className="mt-2 text-xs text-gray-500">{t.several}</p>
        </>
      )}
    </section>
  );
}

function PartsTable({ capture, links, locale }: { capture: MyCapture; links: CaptureLinks; locale: Locale }) {
  const t = captureMessages[locale];
  return (
    <div className="relative mt-3 overflow-x-auto">
      <table className="min-w-full text-sm">
        <thead className="text-left text-xs uppercase tracking-wide text-gray-500">
          <tr>
            <th scope="col" className="py-2 pr-3">
              <span className="sr-only">{t.title}</span>
            </th>
            <th scope="col" className="py-2 pr-3 text-right">
              {t.count}
            </th>
            <th scope="col" className="py-2 pr-3 text-right">
              {t.share}
            </th>
            <th scope="col" className="py-2 text-right">
              {t.myTeamMedian}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-100">
          {CAPTURE_PARTS.map((p) => (
            <tr key={p} data-part={p}>
              <th scope="row" className="py-2 pr-3 text-left font-normal" title={t.partHelp[p]}>
                {t.parts[p]}
              </th>
              <td className="py-2 pr-3 text-right tabular-nums">
                <a href={links[p]} className={link} aria-label={`${t.parts[p]}: ${t.openDeals}`}>
                  {formatInt(capture.mine.parts[p].count, locale)}
                </a>
              </td>
              <td className="py-2 pr-3 text-right tabular-nums">
                {formatPct(capture.mine.parts[p].share, locale)}
              </td>
              <td className="py-2 text-right tabular-nums text-gray-600">
                {formatPct(capture.teamMedian[p], locale)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
