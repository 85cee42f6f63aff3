import type { Metadata } from "next";
import { connection } from "next/server";
import { getLocale } from "next-intl/server";
import { ReportFilterBar } from "@/components/reports/report-filter-bar";
import { formatInt, formatMoney } from "@/lib/format";
import { toLocale } from "@/lib/i18n/config";
import { briefMessages } from "@/lib/i18n/sections/brief";
import { tagCorrectionMessages } from "@/lib/i18n/sections/tag-corrections";
import { themesMessages } from "@/lib/i18n/sections/themes";
import { loadReportPage, type SearchParams } from "@/lib/reports/load";
import { getCompetitorStats, getReasonDisagreement } from "@/lib/themes/competitors";
import { getCompetitorProposals } from "@/lib/themes/proposals";
import { getThemeOverview } from "@/lib/themes/stats";
import { listCompetitors, listThemes } from "@/lib/themes/tagging";
import { serializeFilters } from "@/lib/url-state/filters";
import { BriefLinks } from "./_components/brief-links";
import { CompetitorProposals } from "./_components/competitor-proposals";
import { CompetitorTable } from "./_components/competitor-table";
import { CorrectionTable } from "./_components/correction-table";
import { DisagreementTable } from "./_components/disagreement-table";
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
  const [overview, competitorStats, disagreement, themeRows, competitorRows, proposals] = await Promise.all([
    getThemeOverview(db, scope, filters),
    getCompetitorStats(db, scope, filters),
    getReasonDisagreement(db, scope, filters),
    isAdmin ? listThemes(db, portal.id) : Promise.resolve([]),
    isAdmin ? listCompetitors(db, portal.id) : Promise.resolve([]),
    isAdmin ? getCompetitorProposals(db, portal.id) : Promise.resolve([]),
  ]);
  const w = tagCorrectionMessages[locale];
  const query = serializeFilters({ ...filters, page: 1, sort: null }).toString();
  const currency = portal.baseCurrency;
  const cards: [string, string][] = [
    [t.lostDeals, formatInt(overview.lostDeals, locale)],
    [t.lostMoney, formatMoney(overview.lostMoney, locale, currency)],
    [t.commented, formatInt(overview.commentedDeals, locale)],
    [t.untagged, formatInt(overview.untaggedDeals, locale)],
  ];
  return (
    <div className="mx-auto max-w-6xl space-y-6 px-6 py-8">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">{t.title}</h1>
          <p className="mt-1 text-sm text-gray-500">{t.subtitle}</p>
        </div>
        <BriefLinks query={query} t={briefMessages[locale].download} />
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
        <ThemeTable overview={overview} query={query} locale={locale} currency={currency} t={t} />
      )}
      <CorrectionTable overview={overview} locale={locale} w={w} />
      <CompetitorTable stats={competitorStats} query={query} locale={locale} currency={currency} t={t} />
      {isAdmin && <CompetitorProposals proposals={proposals} locale={locale} w={w} />}
      <DisagreementTable rows={disagreement} locale={locale} t={t} />
      {isAdmin && <ThemeEditor themeRows={themeRows} competitorRows={competitorRows} t={t} />}
    </div>
  );
}
