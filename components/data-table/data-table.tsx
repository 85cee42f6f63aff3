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
import { type ReactNode, useMemo } from "react";
import { formatDate, formatDays, formatInt, formatMoney, formatNumber, formatPct } from "@/lib/format";
import type { Locale } from "@/lib/i18n/config";
import type { CellFormat, CellValue, ColumnSpec, TableRow } from "@/lib/reports/tables/table";

const features = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, basic: sortFn_basic },
});
const helper = createColumnHelper<typeof features, TableRow>();

/** A local calendar day or month (a trend bucket) as a date: a day in UTC is the day itself. */
const localDay = (v: string, locale: Locale) =>
  formatDate(`${v.length === 7 ? `${v}-01` : v}T00:00:00Z`, locale, "+00:00");

function display(v: CellValue, format: CellFormat, locale: Locale, currency: string, offset: string): string {
  if (v === null) return "—";
  if (typeof v === "string")
    return format === "instant" ? formatDate(v, locale, offset) : format === "date" ? localDay(v, locale) : v;
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

type Show = (v: CellValue, c: ColumnSpec) => string;

function useColumns(props: DataTableProps, show: Show) {
  return useMemo(
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
              const text = show(ctx.getValue(), c);
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
    [props.columns, props.sortable, show],
  );
}

/** Cells stay on one line, except columns of long free text (`wrap`), which wrap from 10rem. */
function cellClasses(columns: ColumnSpec[], compact: boolean | undefined) {
  const pad = compact ? "px-2" : "px-3";
  const spec = (key: string) => columns.find((c) => c.key === key);
  const align = (key: string) => (spec(key)?.format === "text" ? "text-left" : "text-right");
  const cell = (key: string) =>
    `${pad} py-2 tabular-nums ${align(key)} ${
      spec(key)?.wrap ? (compact ? "min-w-32" : "min-w-40") : "whitespace-nowrap"
    }`;
  return { pad, spec, align, cell };
}

type Classes = ReturnType<typeof cellClasses>;
type TableApi = ReturnType<typeof useTable<typeof features, TableRow>>;

function HeaderRows({ table, cls, compact }: { table: TableApi; cls: Classes; compact?: boolean }) {
  return table.getHeaderGroups().map((hg) => (
    <tr key={hg.id}>
      {hg.headers.map((h) => {
        const spec = cls.spec(h.column.id);
        const sorted = h.column.getIsSorted();
        return (
          <th
            key={h.id}
            scope="col"
            title={spec?.hint}
            aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
            className={`border-b border-gray-200 ${cls.pad} py-2 align-bottom font-medium ${cls.align(h.column.id)}`}
          >
            {h.column.getCanSort() ? (
              <button
                type="button"
                onClick={h.column.getToggleSortingHandler()}
                className={`inline-flex items-end gap-1 text-inherit hover:text-gray-900 ${compact ? "text-left" : "uppercase"}`}
              >
                <table.FlexRender header={h} />
                <span aria-hidden="true">{sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : ""}</span>
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
  ));
}

function BodyRows(props: { table: TableApi; cls: Classes; columns: number; empty: string }): ReactNode {
  const { table, cls } = props;
  const rows = table.getRowModel().rows;
  if (rows.length === 0)
    return (
      <tr>
        <td colSpan={props.columns} className="px-3 py-8 text-center text-gray-500">
          {props.empty}
        </td>
      </tr>
    );
  return rows.map((row) => (
    <tr
      key={row.original.id}
      className={`border-b border-gray-100 last:border-0 hover:bg-gray-50 ${row.original.muted ? "text-gray-400" : ""}`}
      title={row.original.note}
    >
      {row.getAllCells().map((cell) => (
        <td key={cell.id} className={cls.cell(cell.column.id)}>
          <table.FlexRender cell={cell} />
        </td>
      ))}
    </tr>
  ));
}

export function DataTable(props: DataTableProps) {
  const { locale, currency, offset = "+03:00" } = props;
  const show = useMemo<Show>(
    () => (v, c) => display(v, c.format, locale, currency, offset),
    [locale, currency, offset],
  );
  const columns = useColumns(props, show);
  const table = useTable({ features, columns, data: props.rows });
  const cls = cellClasses(props.columns, props.compact);
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
          <HeaderRows table={table} cls={cls} compact={props.compact} />
        </thead>
        <tbody>
          <BodyRows table={table} cls={cls} columns={props.columns.length} empty={props.empty} />
        </tbody>
        {props.footer?.length ? (
          <tfoot className="bg-gray-50 font-medium">
            {props.footer.map((row) => (
              <tr key={row.id} className="border-t border-gray-200">
                {props.columns.map((c) => (
                  <td key={c.key} className={cls.cell(c.key)}>
                    {show(row.values[c.key] ?? null, c)}
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
