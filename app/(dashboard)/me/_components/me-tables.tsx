import type { MeDto, PeerProfile, ShareRow } from "@/lib/analytics/me";
import { DASH, formatDays, formatNumber, formatPct } from "@/lib/format";
import type { Locale } from "@/lib/i18n/config";
import { meMessages } from "@/lib/i18n/sections/me";

const card = "rounded-lg border border-gray-200 bg-white p-5 shadow-sm";
const SHOWN = 8;

/** Mine (blue) next to the team median (grey), as bars in a plain table: readable without JS or colour. */
export function ShareTable({
  title,
  rows,
  kind,
  locale,
}: {
  title: string;
  rows: ShareRow[];
  kind: "stage" | "reason";
  locale: Locale;
}) {
  const t = meMessages[locale];
  const shown = rows.slice(0, SHOWN);
  const max = Math.max(0.01, ...shown.flatMap((r) => [r.mineShare ?? 0, r.teamMedianShare ?? 0]));
  const name = (r: ShareRow) => r.label ?? r.key ?? (kind === "stage" ? t.unknownStage : t.notSpecified);
  return (
    <section aria-label={title} className={card}>
      <h2 className="text-lg font-medium">{title}</h2>
      {rows.length === 0 ? (
        <p className="mt-3 text-sm text-gray-600">{t.emptyLosses}</p>
      ) : (
        <table className="mt-3 w-full text-sm">
          <thead className="text-left text-xs uppercase tracking-wide text-gray-500">
            <tr>
              <th scope="col" className="py-1.5 pr-2">
                {kind === "stage" ? t.colStage : t.colReason}
              </th>
              <th scope="col" className="py-1.5 pr-2 text-right">
                {t.colMine}
              </th>
              <th scope="col" className="w-2/5 py-1.5">
                <span className="text-blue-700">■</span> {t.colMineShare} ·{" "}
                <span className="text-gray-400">■</span> {t.colTeamShare}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-100">
            {shown.map((r) => (
              <tr key={String(r.key)}>
                <td className="py-1.5 pr-2">{r.key === null ? <i>{name(r)}</i> : name(r)}</td>
                <td className="py-1.5 pr-2 text-right tabular-nums">{r.mine}</td>
                <td className="py-1.5">
                  <div className="flex items-center gap-2">
                    <div
                      className="h-2 rounded bg-blue-600"
                      style={{ width: `${((r.mineShare ?? 0) / max) * 70}%` }}
                    />
                    <span className="tabular-nums text-xs">{formatPct(r.mineShare, locale, 0)}</span>
                  </div>
                  <div className="mt-0.5 flex items-center gap-2">
                    <div
                      className="h-2 rounded bg-gray-300"
                      style={{ width: `${((r.teamMedianShare ?? 0) / max) * 70}%` }}
                    />
                    <span className="tabular-nums text-xs text-gray-500">
                      {formatPct(r.teamMedianShare, locale, 0)}
                    </span>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function PeerRow({
  who,
  p,
  locale,
  strong,
}: {
  who: string;
  p: PeerProfile;
  locale: Locale;
  strong?: boolean;
}) {
  return (
    <tr className={strong ? "bg-blue-50 font-medium" : undefined}>
      <th scope="row" className="py-1.5 pr-3 text-left font-normal">
        {who}
      </th>
      <td className="py-1.5 pr-3 text-right tabular-nums">{formatPct(p.winRate, locale)}</td>
      <td className="py-1.5 pr-3 text-right tabular-nums">{formatNumber(p.activitiesPerDeal, locale, 1)}</td>
      <td className="py-1.5 pr-3 text-right tabular-nums">{formatDays(p.medianCycleDays, locale)}</td>
      <td className="py-1.5">
        {p.topLostStage ?? DASH}
        {p.topLostStageShare !== null ? (
          <span className="text-gray-500"> ({formatPct(p.topLostStageShare, locale, 0)})</span>
        ) : null}
      </td>
    </tr>
  );
}

export function PeersTable({ me, locale }: { me: MeDto; locale: Locale }) {
  const t = meMessages[locale];
  const { better, betterMedian } = me.peers;
  return (
    <section aria-labelledby="peers" className={card}>
      <h2 id="peers" className="text-lg font-medium">
        {t.peersTitle}
      </h2>
      <p className="mt-1 text-sm text-gray-600">
        {t.peersHelp.replace("{n}", String(me.peers.minClosedToJudge))}
      </p>
      {better.length === 0 ? <p className="mt-3 text-sm text-gray-600">{t.peersNone}</p> : null}
      <div className="mt-3 overflow-x-auto">
        <table className="min-w-full text-sm">
          <thead className="text-left text-xs uppercase tracking-wide text-gray-500">
            <tr>
              <th scope="col" className="py-1.5 pr-3">
                {t.colWho}
              </th>
              <th scope="col" className="py-1.5 pr-3 text-right">
                {t.colWinRate}
              </th>
              <th scope="col" className="py-1.5 pr-3 text-right">
                {t.colActivities}
              </th>
              <th scope="col" className="py-1.5 pr-3 text-right">
                {t.colCycle}
              </th>
              <th scope="col" className="py-1.5">
                {t.colTopStage}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-100">
            <PeerRow who={t.me} p={me.peers.me} locale={locale} strong />
            {better.length > 1 ? (
              <PeerRow
                who={t.colleaguesMedian}
                p={{ ...betterMedian, topLostStageShare: null }}
                locale={locale}
              />
            ) : null}
            {better
              .map((p, i) => ({ p, who: `${t.colleague} ${i + 1}` }))
              .map(({ p, who }) => (
                <PeerRow key={who} who={who} p={p} locale={locale} />
              ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
