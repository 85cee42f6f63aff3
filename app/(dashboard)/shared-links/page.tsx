import type { Metadata } from "next";
import { connection } from "next/server";
import { getLocale } from "next-intl/server";
import { getDb } from "@/db";
import { getFilterLookups } from "@/lib/analytics/lookups";
import { requireViewer } from "@/lib/auth/guards";
import { toLocale } from "@/lib/i18n/config";
import { shareMessages } from "@/lib/i18n/sections/share";
import { loadSeat } from "@/lib/reports/load";
import { listShareLinks } from "@/lib/share/links";
import { LinksTable } from "./_components/links-table";

export const metadata: Metadata = { title: "Ссылки на отчёты · LossLens" };

/** My share links (an admin: everyone's), their frozen filters in words, expiry, views, and revoke. */
export default async function SharedLinksPage() {
  await connection();
  const viewer = await requireViewer("/shared-links");
  const locale = toLocale(await getLocale());
  const t = shareMessages[locale];
  const { db } = await getDb();
  const seat = await loadSeat(viewer, locale);
  // Status (expiry) by the real clock; the filters in words by the report clock (a link's are frozen dates).
  const links = await listShareLinks(db, viewer, new Date());
  const lookups = seat ? await getFilterLookups(db, seat.scope) : {};
  return (
    <div className="mx-auto max-w-7xl px-4 py-6 md:px-6">
      <h1 className="text-2xl font-semibold">{t.listTitle}</h1>
      <p className="mt-1 text-sm text-gray-600">
        {viewer.role === "admin" ? t.listSubtitleAdmin : t.listSubtitle}
      </p>
      {links.length === 0 ? (
        <p className="mt-8 rounded-lg border border-dashed border-gray-300 bg-white p-8 text-center text-gray-600">
          {t.empty}
        </p>
      ) : (
        <LinksTable
          links={links}
          lookups={lookups}
          locale={locale}
          offset={seat?.portal.offset ?? "+03:00"}
          admin={viewer.role === "admin"}
        />
      )}
    </div>
  );
}
