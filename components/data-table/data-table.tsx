"use client";

import {
  type CellContext,
  type ColumnDef,
  createColumnHelper,
  createSortedRowModel,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_basic,
  tableFeatures,
  useTable,
} from "@tanstack/react-table";
import Link from "next/link";
import { useMemo } from "react";
import { formatDate, formatDays, formatInt, formatMoney, formatNumber, formatPct } from "@/lib/format";
import type { Locale } from "@/lib/i18n/config";

export type CellFormat = "text" | "int" | "money" | "pct" | "days" | "number" | "date";
export type CellValue = string | number | null;

/** A column described in plain data, so server components can define tables for this client component. */
export interface ColumnSpec {
  key: string;
  header: string;
  format: CellFormat;
  /** Help text on the header (metric definition). */
  hint?: string;
  sortable?: boolean;
  /** Long free text (deal titles, client names): wraps instead of widening the table. */
  wrap?: boolean;
}

/** A row: values by column key; `links[key]` turns that cell into a link (the drill-down behind it). */
export interface TableRow {
  id: string;
  values: Record<string, CellValue>;
  links?: Record<string, string | null | undefined>;
  /** Greyed out and marked, e.g. "too few to judge". */
  muted?: boolean;
  note?: string;
}

const features = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, basic: sortFn_basic },
});
const helper = createColumnHelper<typeof features, TableRow>();

function display(v: CellValue, format: CellFormat, locale: Locale, currency: string, offset: string): string {
  if (v === null) return "—";
  if (typeof v === "string") return format === "date" ? formatDate(v, locale, offset) : v;
  switch (format) {
    case "int":
      return formatInt(v, locale);
    case "money":
      return formatMoney(v, locale, currency);
    case "pct":
      return formatPct(v, locale);
    case "days":
      return formatDays(v, locale);
    case "number":
      return formatNumber(v, locale, 2);
    default:
      return String(v);
  }
}

export interface DataTableProps {
  caption: string;
  columns: ColumnSpec[];
  rows: TableRow[];
  /** Rows pinned under the body (team median, totals), never sorted. */
  footer?: TableRow[];
  locale: Locale;
  currency: string;
  offset?: string;
  empty: string;
  /** Client-side sorting by header click (small tables); drill-down lists sort on the server instead. */
  sortable?: boolean;
  maxHeight?: number;
  /** Tighter cells and 13 px text for wide tables (Managers, Strategies), so they fit a 1366 px laptop. */
  compact?: boolean;
}

export function DataTable(props: DataTableProps) {
  const { locale, currency, offset = "+03:00" } = props;
  const columns = useMemo(
    () =>
      helper.columns(
        props.columns.map((c) =>
          helper.accessor((r) => r.values[c.key] ?? null, {
            id: c.key,
            header: c.header,
            enableSorting: props.sortable !== false && c.sortable !== false,
            sortUndefined: "last",
            sortFn: c.format === "text" ? "alphanumeric" : "basic",
            cell: (ctx: CellContext<typeof features, TableRow, CellValue>) => {
              const text = display(ctx.getValue(), c.format, locale, currency, offset);
              const href = ctx.row.original.links?.[c.key];
              return href ? (
                <Link href={href} className="text-blue-700 hover:underline">
                  {text}
                </Link>
              ) : (
                text
              );
            },
          }),
        ) as ColumnDef<typeof features, TableRow, CellValue>[],
      ),
    [props.columns, props.sortable, locale, currency, offset],
  );
  const table = useTable({ features, columns, data: props.rows });
  const alignOf = (key: string) =>
    props.columns.find((c) => c.key === key)?.format === "text" ? "text-left" : "text-right";
  // Cells stay on one line, except columns of long free text (`wrap`), which wrap from 10rem.
  const pad = props.compact ? "px-2" : "px-3";
  const cellClass = (key: string) =>
    `${pad} py-2 tabular-nums ${alignOf(key)} ${
      props.columns.find((c) => c.key === key)?.wrap
        ? props.compact
          ? "min-w-32"
          : "min-w-40"
        : "whitespace-nowrap"
    }`;
  const footerCell = (row: TableRow, c: ColumnSpec) =>
    display(row.values[c.key] ?? null, c.format, locale, currency, offset);

  return (
    <div
      className="overflow-auto rounded-lg border border-gray-200 bg-white"
      style={props.maxHeight ? { maxHeight: props.maxHeight } : undefined}
    >
      <table className={`min-w-full ${props.compact ? "text-[13px]" : "text-sm"}`}>
        <caption className="sr-only">{props.caption}</caption>
        <thead
          className={`sticky top-0 z-10 bg-gray-50 text-xs text-gray-500 ${props.compact ? "" : "uppercase tracking-wide"}`}
        >
          {table.getHeaderGroups().map((hg) => (
            <tr key={hg.id}>
              {hg.headers.map((h) => {
                const spec = props.columns.find((c) => c.key === h.column.id);
                const sorted = h.column.getIsSorted();
                const canSort = h.column.getCanSort();
                return (
                  <th
                    key={h.id}
                    scope="col"
                    title={spec?.hint}
                    aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                    className={`border-b border-gray-200 ${pad} py-2 align-bottom font-medium ${alignOf(h.column.id)}`}
                  >
                    {canSort ? (
                      <button
                        type="button"
                        onClick={h.column.getToggleSortingHandler()}
                        className={`inline-flex items-end gap-1 text-inherit hover:text-gray-900 ${props.compact ? "text-left" : "uppercase"}`}
                      >
                        <table.FlexRender header={h} />
                        <span aria-hidden="true">
                          {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : ""}
                        </span>
                      </button>
                    ) : (
                      <table.FlexRender header={h} />
                    )}
                    {spec?.hint ? (
                      <span className="ml-1 cursor-help text-gray-400" aria-hidden="true">
                        ?
                      </span>
                    ) : null}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {props.rows.length === 0 ? (
            <tr>
              <td colSpan={props.columns.length} className="px-3 py-8 text-center text-gray-500">
                {props.empty}
              </td>
            </tr>
          ) : (
            table.getRowModel().rows.map((row) => (
              <tr
                key={row.original.id}
                className={`border-b border-gray-100 last:border-0 hover:bg-gray-50 ${row.original.muted ? "text-gray-400" : ""}`}
                title={row.original.note}
              >
                {row.getAllCells().map((cell) => (
                  <td key={cell.id} className={cellClass(cell.column.id)}>
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
        {props.footer?.length ? (
          <tfoot className="bg-gray-50 font-medium">
            {props.footer.map((row) => (
              <tr key={row.id} className="border-t border-gray-200">
                {props.columns.map((c) => (
                  <td key={c.key} className={cellClass(c.key)}>
                    {footerCell(row, c)}
                  </td>
                ))}
              </tr>
            ))}
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}
