import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { getLocale } from "next-intl/server";
import { getMe } from "@/lib/analytics/me";
import { type Locale, toLocale } from "@/lib/i18n/config";
import { describeFilters } from "@/lib/i18n/describe-filters";
import { meMessages } from "@/lib/i18n/sections/me";
import { CAPTURE_PARTS, type CapturePart } from "@/lib/reasons/capture";
import { loadContext, loadPageSeat } from "@/lib/reports/load";
import { drillHref } from "@/lib/url-state/deals";
import type { Filters } from "@/lib/url-state/filters";
import type { CaptureLinks } from "./_components/me-capture";
import { MeView } from "./_components/me-view";

export const metadata: Metadata = { title: "Мои результаты · LossLens" };

const PERIODS = ["last30", "last90", "thisQuarter", "thisYear", "last12Months", "all"] as const;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** A director or admin picks whose self-review to open. */
function PickManager({ managers, locale }: { managers: [string, string][]; locale: Locale }) {
  const t = meMessages[locale];
  return (
    <div className="mx-auto max-w-3xl px-6 py-8">
      <h1 className="text-2xl font-semibold">{t.pickTitle}</h1>
      <p className="mt-1 text-sm text-gray-600">{t.pickHelp}</p>
      <ul className="mt-6 grid gap-2 sm:grid-cols-2">
        {managers.map(([id, name]) => (
          <li key={id}>
            <Link
              href={`/me?manager=${id}`}
              className="block rounded-md border border-gray-200 bg-white px-4 py-2 text-blue-700 hover:bg-blue-50"
            >
              {name}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** My deals behind each capture number, under the page's period (the drill-down re-applies the viewer's scope). */
function captureLinks(filters: Filters, managerId: number): CaptureLinks {
  const drill = (capture?: CapturePart | "ok") =>
    drillHref(
      filters,
      capture ? { manager: managerId, capture } : { manager: managerId, outcome: "lost" },
      "me",
    );
  const parts = Object.fromEntries(CAPTURE_PARTS.map((p) => [p, drill(p)])) as Record<CapturePart, string>;
  return { lost: drill(), ok: drill("ok"), ...parts };
}

/**
 * The manager's self-review. A manager sees only their own page (any other `?manager=` is 404); a director or
 * admin picks a manager. The data layer re-checks the id against the viewer's scope in SQL.
 * No loading.tsx here on purpose: its Suspense boundary would flush a 200 before notFound() could answer 404.
 */
export default async function MePage({ searchParams }: { searchParams: SearchParams }) {
  await connection();
  const sp = await searchParams;
  const { seat } = await loadPageSeat();
  const locale = toLocale(await getLocale());
  const t = meMessages[locale];
  if (!seat) return <p className="px-6 py-8 text-gray-600">{t.noPortal}</p>;
  const { portal, scope } = seat;
  const rawManager = first(sp.manager);
  const asked = rawManager !== undefined && /^\d{1,9}$/.test(rawManager) ? Number(rawManager) : null;
  if (rawManager !== undefined && asked === null) notFound();

  let managerId: number | null;
  if (scope.managerIds !== null) {
    const own = scope.managerIds[0];
    if (asked !== null && asked !== own) notFound();
    if (own === undefined) return <p className="px-6 py-8 text-gray-600">{t.notLinked}</p>;
    managerId = own;
  } else managerId = asked;

  // The self-review has a period and nothing else: every other filter in the URL is ignored.
  const { db, filters, lookups } = await loadContext(seat, { period: first(sp.period) });
  if (managerId === null) {
    return <PickManager managers={Object.entries(lookups.managers ?? {})} locale={locale} />;
  }
  if (scope.managerIds === null && lookups.managers?.[String(managerId)] === undefined) notFound();

  const me = await getMe(db, scope, filters, managerId);
  if (!me) notFound();
  const base = scope.managerIds === null ? `/me?manager=${managerId}&` : "/me?";
  return (
    <div className="mx-auto max-w-6xl space-y-6 px-4 py-6 md:px-6">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">
            {scope.managerIds === null ? `${t.titleOf}: ${me.name ?? `#${managerId}`}` : t.title}
          </h1>
          <p className="mt-1 text-sm text-gray-600">{t.subtitle}</p>
          <p className="mt-1 text-sm text-gray-500" data-testid="filters-in-words">
            {describeFilters(filters, lookups, locale)}
          </p>
        </div>
        <nav aria-label={t.period} className="flex flex-wrap gap-1 text-sm">
          {PERIODS.map((p) => (
            <Link
              key={p}
              href={`${base}period=${p}`}
              aria-current={filters.period === p ? "page" : undefined}
              className={`rounded-md px-2.5 py-1 ${filters.period === p ? "bg-blue-600 text-white" : "border border-gray-300 bg-white text-gray-700 hover:bg-gray-50"}`}
            >
              {t.periods[p]}
            </Link>
          ))}
        </nav>
      </header>
      <MeView
        me={me}
        locale={locale}
        currency={portal.baseCurrency}
        offset={portal.offset}
        captureLinks={captureLinks(filters, managerId)}
      />
    </div>
  );
}
