import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { getLocale } from "next-intl/server";
import { requireRole } from "@/lib/auth/guards";
import { formatInt, formatMoney } from "@/lib/format";
import { themeName } from "@/lib/i18n";
import { toLocale } from "@/lib/i18n/config";
import { reasonsAdminMessages } from "@/lib/i18n/sections/reasons-admin";
import { getReasonDictionary } from "@/lib/reasons/dictionary";
import { loadContext, loadSeat } from "@/lib/reports/load";
import { drillHref } from "@/lib/url-state/deals";
import { REASON_NONE } from "@/lib/url-state/filters";
import type { Slice } from "@/lib/url-state/slice";
import { CreateReason } from "./_components/create-reason";
import { ProposalList } from "./_components/proposal-list";
import { RawTable } from "./_components/raw-table";
import { ReasonCards } from "./_components/reason-cards";
import type { PageData } from "./_components/types";

export const metadata: Metadata = { title: "Справочник причин · LossLens" };

/** Settings → Reasons: the portal's raw reasons mapped onto canonical reasons (admin only; others get a 404). */
export default async function ReasonDictionaryPage() {
  await connection();
  const viewer = await requireRole(["admin"], "/settings/reasons");
  const seat = await loadSeat(viewer);
  if (!seat)
    return (
      <p className="mx-auto max-w-3xl px-6 py-10 text-gray-600">
        {reasonsAdminMessages[toLocale(await getLocale())].noPortal}
      </p>
    );
  const { locale } = seat;
  const t = reasonsAdminMessages[locale];
  // Every count is of all time: its link opens the drill-down over all time with the same slice.
  const [dict, ctx] = await Promise.all([
    getReasonDictionary(seat.db, seat.portal.id),
    loadContext(seat, { period: "all" }),
  ]);
  const drill = (slice: Slice) => drillHref(ctx.filters, { ...slice, outcome: "lost" }, "reasons");
  const currency = seat.portal.baseCurrency;
  const data: PageData = {
    t,
    locale,
    reasons: dict.reasons.map((r) => ({
      ...r,
      deals: formatInt(r.lostDeals, locale),
      money: formatMoney(r.lostMoney, locale, currency),
      href: drill({ reason: `r:${r.id}` }),
      raws: dict.raws.filter((x) => x.reasonId === r.id).map((x) => x.rawLabel),
    })),
    raws: dict.raws.map((x) => ({
      ...x,
      deals: formatInt(x.lostDeals, locale),
      money: formatMoney(x.lostMoney, locale, currency),
      href: drill({ raw: x.rawKey }),
    })),
    noRaw: {
      deals: formatInt(dict.noRaw.lostDeals, locale),
      money: formatMoney(dict.noRaw.lostMoney, locale, currency),
      href: drill({ raw: REASON_NONE }),
    },
    notSpecified: {
      deals: formatInt(dict.notSpecified.lostDeals, locale),
      money: formatMoney(dict.notSpecified.lostMoney, locale, currency),
      href: drill({ reason: REASON_NONE }),
    },
    themes: dict.themes.map((th) => ({ id: th.id, name: themeName(th, locale) })),
    proposals: dict.proposals,
  };
  return (
    <div className="mx-auto max-w-6xl space-y-8 px-4 py-8 sm:px-6">
      <header className="space-y-2">
        <Link href="/settings" className="text-sm text-blue-700 hover:underline">
          {t.back}
        </Link>
        <h1 className="text-2xl font-semibold">{t.title}</h1>
        <p className="max-w-3xl text-sm text-gray-600">{t.subtitle}</p>
      </header>
      <ProposalList data={data} />
      <section aria-labelledby="canonical-title" className="space-y-3">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <div>
            <h2 id="canonical-title" className="text-lg font-medium">
              {t.canonical}
            </h2>
            <p className="text-sm text-gray-500">{t.canonicalHelp}</p>
          </div>
          <CreateReason t={t} />
        </div>
        <ReasonCards data={data} />
      </section>
      <RawTable data={data} />
    </div>
  );
}
