import type { Metadata } from "next";
import { connection } from "next/server";
import { getLocale } from "next-intl/server";
import { getDb } from "@/db";
import { getFilterLookups } from "@/lib/analytics/lookups";
import { requireViewer } from "@/lib/auth/guards";
import { DASH, formatDate, formatDateTime } from "@/lib/format";
import { toLocale } from "@/lib/i18n/config";
import { describeFilters } from "@/lib/i18n/describe-filters";
import { shareMessages } from "@/lib/i18n/sections/share";
import { reportNow } from "@/lib/reports/context";
import { loadSeat } from "@/lib/reports/load";
import { listShareLinks, SHAREABLE_REPORTS, type ShareStatus } from "@/lib/share/links";
import { parseFilters } from "@/lib/url-state/filters";
import { RevokeButton } from "./_components/revoke-button";

export const metadata: Metadata = { title: "Ссылки на отчёты · LossLens" };

const STATUS_CLASS: Record<ShareStatus, string> = {
  active: "bg-green-50 text-green-800",
  expired: "bg-gray-100 text-gray-600",
  revoked: "bg-red-50 text-red-700",
  suspended: "bg-amber-50 text-amber-800",
};

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
  const now = reportNow();
  const lookups = seat ? await getFilterLookups(db, seat.scope) : {};
  const offset = seat?.portal.offset ?? "+03:00";
  const statusText: Record<ShareStatus, string> = {
    active: t.statusActive,
    expired: t.statusExpired,
    revoked: t.statusRevoked,
    suspended: t.statusSuspended,
  };
  const dateTime = (d: Date | null) => (d ? formatDateTime(d.toISOString(), locale, offset) : t.never);
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
        <div className="mt-6 overflow-x-auto rounded-lg border border-gray-200 bg-white shadow-sm">
          <table className="min-w-full divide-y divide-gray-200 text-sm">
            <thead className="bg-gray-50 text-left text-xs font-medium uppercase tracking-wide text-gray-500">
              <tr>
                <th scope="col" className="px-3 py-2">
                  {t.colReport}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t.colFilters}
                </th>
                {viewer.role === "admin" ? (
                  <th scope="col" className="px-3 py-2">
                    {t.colCreator}
                  </th>
                ) : null}
                <th scope="col" className="px-3 py-2">
                  {t.colCreated}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t.colExpires}
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  {t.colViews}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t.colLastOpened}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t.colStatus}
                </th>
                <th scope="col" className="px-3 py-2">
                  <span className="sr-only">{t.revoke}</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-gray-100">
              {links.map((l) => {
                const filters = parseFilters(l.params, now, { offset });
                const manager =
                  l.managerId === null
                    ? null
                    : (lookups.managers?.[String(l.managerId)] ?? `#${l.managerId}`);
                const reportName = (SHAREABLE_REPORTS as readonly string[]).includes(l.report)
                  ? t.reports[l.report as keyof typeof t.reports]
                  : l.report;
                const name = l.label ?? `${reportName} #${l.id}`;
                return (
                  <tr key={l.id} className="align-top">
                    <td className="px-3 py-2">
                      <p className="font-medium text-gray-900">{reportName}</p>
                      {l.label ? (
                        <p className="mt-0.5 max-w-56 break-words text-gray-600">{l.label}</p>
                      ) : null}
                    </td>
                    <td className="max-w-md px-3 py-2 text-gray-700">
                      {describeFilters(filters, lookups, locale)}
                      {manager ? <span className="text-gray-500"> · {manager}</span> : null}
                    </td>
                    {viewer.role === "admin" ? (
                      <td className="px-3 py-2 text-gray-600">{l.creatorEmail}</td>
                    ) : null}
                    <td className="whitespace-nowrap px-3 py-2 text-gray-600">
                      {formatDate(l.createdAt.toISOString(), locale, offset)}
                    </td>
                    <td className="whitespace-nowrap px-3 py-2 text-gray-600">
                      {formatDate(l.expiresAt.toISOString(), locale, offset)}
                    </td>
                    <td className="px-3 py-2 text-right tabular-nums">{l.views}</td>
                    <td className="whitespace-nowrap px-3 py-2 text-gray-600">
                      {l.lastOpenedAt ? dateTime(l.lastOpenedAt) : DASH}
                    </td>
                    <td className="px-3 py-2">
                      <span
                        className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATUS_CLASS[l.status]}`}
                      >
                        {statusText[l.status]}
                      </span>
                    </td>
                    <td className="px-3 py-2">
                      {l.status === "active" || l.status === "suspended" ? (
                        <RevokeButton id={l.id} label={t.revoke} doneLabel={t.revoked} name={name} />
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
