import type { ReactNode } from "react";
import { formatInt } from "@/lib/format";
import type { Locale } from "@/lib/i18n/config";
import { describeFilters, type ViewSubject } from "@/lib/i18n/describe-filters";
import { reportMessages } from "@/lib/i18n/sections/reports";
import type { ReportLinks, ReportView } from "@/lib/reports/types";

/** What the frame reads of a view: a report's `view`, or a page's report context (the drill-down's). */
export type FrameView = Pick<ReportView, "locale" | "filters" | "lookups" | "scope">;

/** Title, the active filters in words, the metric definitions behind a help toggle, and actions. */
export function ReportFrame(props: {
  ctx: FrameView;
  title: string;
  help: string;
  /** Which deals the view lists (default: losses). */
  subject?: ViewSubject;
  actions?: ReactNode;
  filterBar?: ReactNode;
  children: ReactNode;
}) {
  const t = reportMessages[props.ctx.locale].frame;
  const noScope = props.ctx.scope.managerIds !== null && props.ctx.scope.managerIds.length === 0;
  return (
    <div className="mx-auto max-w-7xl space-y-4 px-4 py-6 md:px-6">
      {/* The help popover hangs from this header's right edge, inside the content column: never over the sidebar. */}
      <header className="relative flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold text-gray-900">{props.title}</h1>
          <p className="mt-1 text-sm text-gray-600" data-testid="filters-in-words">
            {describeFilters(props.ctx.filters, props.ctx.lookups, props.ctx.locale, props.subject)}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <details className="text-sm">
            <summary className="cursor-pointer list-none rounded-md border border-gray-300 bg-white px-3 py-1.5 text-gray-700 hover:bg-gray-50">
              <span
                aria-hidden="true"
                className="mr-1 inline-flex h-4 w-4 items-center justify-center rounded-full border border-gray-400 text-[10px] font-bold text-gray-500"
              >
                ?
              </span>
              {t.help}
            </summary>
            <p className="absolute top-full right-0 z-30 mt-1 w-80 max-w-full rounded-md border border-gray-200 bg-white p-3 text-sm text-gray-700 shadow-lg">
              {props.help}
            </p>
          </details>
          {props.actions}
        </div>
      </header>
      {props.filterBar}
      {noScope ? (
        <p role="status" className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900">
          {t.noScope}
        </p>
      ) : null}
      {props.children}
    </div>
  );
}

/** CSV download links for a table; absent on share pages. */
export function CsvLinks({
  href,
  hrefSemicolon,
  locale,
  cappedAt,
}: {
  href: string;
  hrefSemicolon: string;
  locale: Locale;
  /** Set when the list is longer than one file holds: the buttons say how much it will hold. */
  cappedAt?: number;
}) {
  const t = reportMessages[locale].frame;
  return (
    <>
      {cappedAt !== undefined && (
        <span className="text-xs text-amber-700">
          {t.exportCapped.replace("{n}", formatInt(cappedAt, locale))}
        </span>
      )}
      <a
        href={href}
        className="rounded border border-gray-300 px-2 py-0.5 text-xs text-gray-700 hover:bg-gray-50"
        download
      >
        ⬇ {t.exportCsv}
      </a>
      <a
        href={hrefSemicolon}
        className="rounded border border-gray-300 px-2 py-0.5 text-xs text-gray-700 hover:bg-gray-50"
        download
      >
        ⬇ {t.exportCsvSemicolon}
      </a>
    </>
  );
}

/** The CSV links of a report's table `table`, or null when the view has none (a share page). */
export function tableCsv(links: ReportLinks, table: string, locale: Locale): ReactNode {
  return links.csv ? (
    <CsvLinks href={links.csv(table)} hrefSemicolon={links.csv(table, ";")} locale={locale} />
  ) : null;
}
