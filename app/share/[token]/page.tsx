import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { connection } from "next/server";
import { getLocale } from "next-intl/server";
import { ReportContent } from "@/components/reports/report-content";
import { clientIp } from "@/lib/auth/credentials";
import { formatDate } from "@/lib/format";
import { toLocale } from "@/lib/i18n/config";
import { shareMessages } from "@/lib/i18n/sections/share";
import { loadSharedReport } from "@/lib/reports/load";

export const metadata: Metadata = {
  title: "LossLens",
  robots: { index: false, follow: false },
  referrer: "no-referrer",
};

/**
 * The public read-only report behind a share link. Deliberately takes no searchParams: the frozen filters and
 * scope are the whole view, so nothing in the URL can widen it; no navigation, filter bar, drill-down or CSV.
 */
export default async function SharedReportPage({ params }: { params: Promise<{ token: string }> }) {
  await connection();
  const { token } = await params;
  const locale = toLocale(await getLocale());
  const res = await loadSharedReport(token, clientIp(await headers()), locale);
  if (res.status === "not_found") notFound();
  // Next pages cannot answer 410 themselves: the sibling route handler does, with the same check.
  if (res.status !== "ok") redirect(`/share/${encodeURIComponent(token)}/gone`);
  const { view } = res.report;
  const t = shareMessages[locale];
  return (
    <div className="min-h-screen bg-gray-50">
      <header className="border-b border-gray-200 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-baseline justify-between gap-2 px-4 py-3 md:px-6">
          <p className="text-lg font-semibold tracking-tight">
            LossLens <span className="ml-2 text-sm font-normal text-gray-500">{t.readOnly}</span>
          </p>
          <p className="text-sm text-gray-500">
            {t.validUntil} {formatDate(res.link.expiresAt.toISOString(), locale, view.portal.offset)}
          </p>
        </div>
        {res.link.label ? (
          <p className="mx-auto max-w-7xl px-4 pb-3 text-sm text-gray-700 md:px-6" data-testid="share-label">
            {res.link.label}
          </p>
        ) : null}
      </header>
      <main>
        <ReportContent report={res.report} />
      </main>
    </div>
  );
}
