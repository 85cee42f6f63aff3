import type { Metadata } from "next";
import Link from "next/link";
import { ReportFilterBar } from "@/components/reports/report-filter-bar";
import { CsvLinks, ReportFrame } from "@/components/reports/report-frame";
import { Section } from "@/components/ui/section";
import { getDrilldown, sliceSubject } from "@/lib/analytics/drilldown";
import { formatInt } from "@/lib/format";
import { captureMessages } from "@/lib/i18n/sections/capture";
import { reportMessages } from "@/lib/i18n/sections/reports";
import { exportLimits } from "@/lib/reports/exports";
import { loadReportPage, type SearchParams } from "@/lib/reports/load";
import { dealsLinks } from "@/lib/url-state/deals";
import { parseSlice } from "@/lib/url-state/slice";
import { DealsPager, DealsTable } from "./_components/deals-table";
import { sliceWords } from "./_components/slice-words";

export const metadata: Metadata = { title: "Сделки · LossLens" };

/** The deals behind a number: the report's filters plus the clicked slice, paginated and sorted on the server. */
export default async function DealsPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const { ctx } = await loadReportPage("deals", Promise.resolve(params));
  if (!ctx) return null;
  const slice = parseSlice(params);
  const data = await getDrilldown(ctx.db, ctx.scope, ctx.filters, slice);
  const { locale } = ctx;
  const messages = reportMessages[locale];
  const t = messages.deals;
  const links = dealsLinks(params, data.sort);
  const words = sliceWords(slice, messages, ctx.lookups, captureMessages[locale].slice);
  return (
    <ReportFrame
      ctx={ctx}
      title={t.title}
      subject={sliceSubject(slice)}
      help={words}
      filterBar={<ReportFilterBar ctx={ctx} />}
      actions={
        <Link href={links.back} className="text-sm text-blue-700 hover:underline">
          {t.back}
        </Link>
      }
    >
      <Section
        title={`${t.total}: ${formatInt(data.total, locale)}`}
        hint={words}
        actions={
          <CsvLinks
            href={links.csv}
            hrefSemicolon={`${links.csv}&sep=semicolon`}
            locale={locale}
            cappedAt={data.total > exportLimits.deals ? exportLimits.deals : undefined}
          />
        }
      >
        <DealsTable
          data={data}
          links={links}
          messages={messages}
          locale={locale}
          currency={ctx.portal.baseCurrency}
          offset={ctx.portal.offset}
        />
        <DealsPager data={data} links={links} t={t} locale={locale} />
      </Section>
    </ReportFrame>
  );
}
