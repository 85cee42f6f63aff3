import type { Metadata } from "next";
import { connection } from "next/server";
import { getLocale } from "next-intl/server";
import { ReportFilterBar } from "@/components/reports/report-filter-bar";
import { toLocale } from "@/lib/i18n/config";
import { themesMessages } from "@/lib/i18n/sections/themes";
import { loadReportPage, type SearchParams } from "@/lib/reports/load";
import { getCompetitorStats, getReasonDisagreement } from "@/lib/themes/competitors";
import { getThemeOverview } from "@/lib/themes/stats";
import { listCompetitors, listThemes } from "@/lib/themes/tagging";
import { serializeFilters } from "@/lib/url-state/filters";
import { ThemeEditor } from "./_components/theme-editor";
import { ThemeTable } from "./_components/theme-table";

export const metadata: Metadata = { title: "Темы отказов · LossLens" };

/** Loss themes for marketing: per-theme numbers and quotes, competitors, reason-vs-comment, briefs; admins edit. */
export default async function ThemesPage({ searchParams }: { searchParams: SearchParams }) {
  await connection();
  const { viewer, ctx } = await loadReportPage("themes", searchParams);
  if (!ctx)
    return (
      <p className="mx-auto max-w-3xl px-6 py-10 text-gray-600">
        {themesMessages[toLocale(await getLocale())].noPortal}
      </p>
    );
  const { db, portal, scope, locale } = ctx;
  const t = themesMessages[locale];
  const { filters } = ctx;
  const isAdmin = viewer.role === "admin";
  const [overview, competitorStats, disagreement, themeRows, competitorRows] = await Promise.all([
    getThemeOverview(db, scope, filters),
    getCompetitorStats(db, scope, filters),
    getReasonDisagreement(db, scope, filters),
    isAdmin ? listThemes(db, portal.id) : Promise.resolve([]),
    isAdmin ? listCompetitors(db, portal.id) : Promise.resolve([]),
  ]);
  const ru = locale === "ru";
  const nf = new Intl.NumberFormat(ru ? "ru-RU" : "en-GB");
  const money = new Intl.NumberFormat(ru ? "ru-RU" : "en-GB", {
    style: "currency",
    currency: portal.baseCurrency,
    maximumFractionDigits: 0,
  });
  const query = serializeFilters({ ...filters, page: 1, sort: null }).toString();
  const cards: [string, string][] = [
    [t.lostDeals, nf.format(overview.lostDeals)],
    [t.lostMoney, money.format(overview.lostMoney)],
    [t.commented, nf.format(overview.commentedDeals)],
    [t.untagged, nf.format(overview.untaggedDeals)],
  ];
  return (
    <div className="mx-auto max-w-6xl space-y-6 px-6 py-8">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">{t.title}</h1>
          <p className="mt-1 text-sm text-gray-500">{t.subtitle}</p>
        </div>
        <a
          href={`/api/export/themes?${query}`}
          className="rounded-md border border-gray-300 bg-white px-3 py-1 text-sm text-gray-700 hover:bg-gray-100"
        >
          {t.brief}
        </a>
      </header>
      <ReportFilterBar ctx={ctx} />
      <dl className="grid grid-cols-2 gap-4 md:grid-cols-4">
        {cards.map(([label, value]) => (
          <div key={label} className="rounded-lg border border-gray-200 bg-white p-4 shadow-sm">
            <dt className="text-sm text-gray-500">{label}</dt>
            <dd className="mt-1 text-xl font-semibold">{value}</dd>
          </div>
        ))}
      </dl>
      {overview.commentedDeals === 0 ? (
        <p className="rounded-lg border border-dashed border-gray-300 bg-white p-8 text-center text-gray-500">
          {t.empty}
        </p>
      ) : (
        <ThemeTable overview={overview} query={query} locale={locale} currency={portal.baseCurrency} t={t} />
      )}
      <section
        aria-labelledby="competitors-title"
        className="rounded-lg border border-gray-200 bg-white p-4 shadow-sm"
      >
        <h2 id="competitors-title" className="font-medium">
          {t.competitors}
        </h2>
        {competitorStats.every((c) => c.deals === 0) ? (
          <p className="mt-2 text-sm text-gray-500">{t.noCompetitors}</p>
        ) : (
          <table className="mt-3 w-full text-left text-sm">
            <thead className="text-xs uppercase tracking-wide text-gray-500">
              <tr>
                <th className="py-2 font-medium">{t.competitor}</th>
                <th className="py-2 text-right font-medium">{t.mentions}</th>
                <th className="py-2 text-right font-medium">{t.deals}</th>
                <th className="py-2 text-right font-medium">{t.money}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-gray-100">
              {competitorStats
                .filter((c) => c.deals > 0)
                .map((c) => (
                  <tr key={c.id}>
                    <td className="py-2">
                      <a
                        href={`/comments?${query}&q=${encodeURIComponent(c.name)}`}
                        className="text-blue-700 hover:underline"
                      >
                        {c.name}
                      </a>
                    </td>
                    <td className="py-2 text-right tabular-nums">{nf.format(c.mentions)}</td>
                    <td className="py-2 text-right tabular-nums">{nf.format(c.deals)}</td>
                    <td className="py-2 text-right tabular-nums">{money.format(c.money)}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        )}
      </section>
      <section
        aria-labelledby="disagreement-title"
        className="rounded-lg border border-gray-200 bg-white p-4 shadow-sm"
      >
        <h2 id="disagreement-title" className="font-medium">
          {t.disagreement}
        </h2>
        <p className="mt-1 text-xs text-gray-500">{t.disagreementHelp}</p>
        {disagreement.every((d) => d.vague + d.mismatch === 0) ? (
          <p className="mt-2 text-sm text-gray-500">{t.noDisagreement}</p>
        ) : (
          <table className="mt-3 w-full text-left text-sm">
            <thead className="text-xs uppercase tracking-wide text-gray-500">
              <tr>
                <th className="py-2 font-medium">{t.topManagers}</th>
                <th className="py-2 text-right font-medium">{t.themed}</th>
                <th className="py-2 text-right font-medium">{t.vague}</th>
                <th className="py-2 text-right font-medium">{t.mismatch}</th>
                <th className="py-2 text-right font-medium">%</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-gray-100">
              {disagreement.map((d) => (
                <tr key={String(d.managerId)}>
                  <td className="py-2">{d.managerName ?? t.noManager}</td>
                  <td className="py-2 text-right tabular-nums">{d.themed}</td>
                  <td className="py-2 text-right tabular-nums">{d.vague}</td>
                  <td className="py-2 text-right tabular-nums">{d.mismatch}</td>
                  <td className="py-2 text-right tabular-nums">{Math.round(d.share * 100)}%</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {isAdmin && <ThemeEditor themeRows={themeRows} competitorRows={competitorRows} t={t} />}
    </div>
  );
}
