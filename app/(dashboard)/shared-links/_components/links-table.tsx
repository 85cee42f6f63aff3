import { DASH, formatDate, formatDateTime } from "@/lib/format";
import type { Locale } from "@/lib/i18n/config";
import { describeFilters, type FilterLookups } from "@/lib/i18n/describe-filters";
import { shareMessages } from "@/lib/i18n/sections/share";
import { reportNow } from "@/lib/reports/context";
import { sharedFilters } from "@/lib/share/filters";
import { SHAREABLE_REPORTS, type ShareLinkListItem, type ShareStatus } from "@/lib/share/links";
import { RevokeButton } from "./revoke-button";

const STATUS_CLASS: Record<ShareStatus, string> = {
  active: "bg-green-50 text-green-800",
  expired: "bg-gray-100 text-gray-600",
  revoked: "bg-red-50 text-red-700",
  suspended: "bg-amber-50 text-amber-800",
};

interface TableProps {
  links: ShareLinkListItem[];
  lookups: FilterLookups;
  locale: Locale;
  /** The portal's UTC offset: dates and frozen filters read in it. */
  offset: string;
  /** An admin sees everyone's links, with their creators. */
  admin: boolean;
}

/** The links, newest first: report, frozen filters in words, dates, views, status, and revoke. */
export function LinksTable(props: TableProps) {
  const t = shareMessages[props.locale];
  const columns = [
    t.colReport,
    t.colFilters,
    ...(props.admin ? [t.colCreator] : []),
    t.colCreated,
    t.colExpires,
    t.colViews,
    t.colLastOpened,
    t.colStatus,
  ];
  return (
    <div className="relative mt-6 overflow-x-auto rounded-lg border border-gray-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-gray-200 text-sm">
        <thead className="bg-gray-50 text-left text-xs font-medium uppercase tracking-wide text-gray-500">
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col" className={`px-3 py-2${c === t.colViews ? " text-right" : ""}`}>
                {c}
              </th>
            ))}
            <th scope="col" className="px-3 py-2">
              <span className="sr-only">{t.revoke}</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-100">
          {props.links.map((l) => (
            <LinkRow key={l.id} link={l} {...props} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function LinkRow({ link: l, lookups, locale, offset, admin }: TableProps & { link: ShareLinkListItem }) {
  const t = shareMessages[locale];
  const statusText: Record<ShareStatus, string> = {
    active: t.statusActive,
    expired: t.statusExpired,
    revoked: t.statusRevoked,
    suspended: t.statusSuspended,
  };
  const filters = sharedFilters(l.params, reportNow(), offset);
  const manager =
    l.managerId === null ? null : (lookups.managers?.[String(l.managerId)] ?? `#${l.managerId}`);
  const reportName = (SHAREABLE_REPORTS as readonly string[]).includes(l.report)
    ? t.reports[l.report as keyof typeof t.reports]
    : l.report;
  const date = (d: Date) => formatDate(d.toISOString(), locale, offset);
  return (
    <tr className="align-top">
      <td className="px-3 py-2">
        <p className="font-medium text-gray-900">{reportName}</p>
        {l.label ? <p className="mt-0.5 max-w-56 break-words text-gray-600">{l.label}</p> : null}
      </td>
      <td className="max-w-md px-3 py-2 text-gray-700">
        {describeFilters(filters, lookups, locale)}
        {manager ? <span className="text-gray-500"> · {manager}</span> : null}
      </td>
      {admin ? <td className="px-3 py-2 text-gray-600">{l.creatorEmail}</td> : null}
      <td className="whitespace-nowrap px-3 py-2 text-gray-600">{date(l.createdAt)}</td>
      <td className="whitespace-nowrap px-3 py-2 text-gray-600">{date(l.expiresAt)}</td>
      <td className="px-3 py-2 text-right tabular-nums">{l.views}</td>
      <td className="whitespace-nowrap px-3 py-2 text-gray-600">
        {l.lastOpenedAt ? formatDateTime(l.lastOpenedAt.toISOString(), locale, offset) : DASH}
      </td>
      <td className="px-3 py-2">
        <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATUS_CLASS[l.status]}`}>
          {statusText[l.status]}
        </span>
      </td>
      <td className="px-3 py-2">
        {l.status === "active" || l.status === "suspended" ? (
          <RevokeButton
            id={l.id}
            label={t.revoke}
            doneLabel={t.revoked}
            name={l.label ?? `${reportName} #${l.id}`}
          />
        ) : null}
      </td>
    </tr>
  );
}
