/**
 * A report table, defined once: its columns (header, value accessor, format, the drill-down behind a number) and
 * its rows. The page renders it through the DataTable (`screenTable`) and the CSV export writes the same columns
 * (`csvTable`), so a header or a value can never differ between what is seen and what is downloaded — except
 * where a column says it belongs to one of them only (`only`).
 */

import { formatInt, moneyHeader } from "@/lib/format";
import type { Locale } from "@/lib/i18n/config";
import type { Slice } from "@/lib/url-state/slice";

/**
 * How a cell is shown and written. `date` is a local calendar day or month (YYYY-MM-DD / YYYY-MM, e.g. a trend
 * bucket); `instant` an ISO timestamp (shown as its local date in the portal's offset).
 */
export type CellFormat = "text" | "int" | "money" | "pct" | "days" | "number" | "date" | "instant";
export type CellValue = string | number | null;

export interface Column<R> {
  key: string;
  header: string;
  format: CellFormat;
  value: (row: R) => CellValue;
  /** Help text on the header (the metric's definition). */
  hint?: string;
  sortable?: boolean;
  /** Long free text (deal titles, client names): wraps instead of widening the table. */
  wrap?: boolean;
  /** The deals behind the cell's number: the drill-down slice its link opens. */
  slice?: (row: R) => Slice | null | undefined;
  /** A link elsewhere (the deal in Bitrix24). */
  href?: (row: R) => string | undefined;
  /** On the page only or in the CSV only; both when absent. */
  only?: "screen" | "csv";
  /** The CSV's header when it is not the page's. */
  csvHeader?: string;
}

export interface Table<R> {
  columns: Column<R>[];
  rows: R[];
  /** A row's stable id. */
  id: (row: R) => string;
  /** Rows pinned under the body on the page (team median, totals), never sorted; not in the CSV. */
  footer?: R[];
  /** The CSV's rows when they are not the page's body (e.g. with the "unknown stage" footer row). */
  csvRows?: R[];
  muted?: (row: R) => boolean;
  note?: (row: R) => string | undefined;
}

/** A column described in plain data, so server components can hand tables to the client DataTable. */
export interface ColumnSpec {
  key: string;
  header: string;
  format: CellFormat;
  hint?: string;
  sortable?: boolean;
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

export interface ScreenTable {
  columns: ColumnSpec[];
  rows: TableRow[];
  footer?: TableRow[];
}

/** A table for the page; `drill` turns slices into links (null on a share page: no links). */
export function screenTable<R>(table: Table<R>, drill: ((slice: Slice) => string) | null): ScreenTable {
  const columns = table.columns.filter((c) => c.only !== "csv");
  const link = (c: Column<R>, r: R) => {
    const href = c.href?.(r);
    if (href) return href;
    const slice = drill && c.slice ? c.slice(r) : null;
    return slice && drill ? drill(slice) : undefined;
  };
  const row = (r: R): TableRow => {
    const links = Object.fromEntries(columns.flatMap((c) => (link(c, r) ? [[c.key, link(c, r)]] : [])));
    return {
      id: table.id(r),
      values: Object.fromEntries(columns.map((c) => [c.key, c.value(r)])),
      ...(Object.keys(links).length ? { links } : {}),
      ...(table.muted?.(r) ? { muted: true } : {}),
      ...(table.note?.(r) ? { note: table.note(r) } : {}),
    };
  };
  return {
    columns: columns.map(({ key, header, format, hint, sortable, wrap }) => ({
      key,
      header,
      format,
      ...(hint ? { hint } : {}),
      ...(sortable === false ? { sortable } : {}),
      ...(wrap ? { wrap } : {}),
    })),
    rows: table.rows.map(row),
    ...(table.footer ? { footer: table.footer.map(row) } : {}),
  };
}

/** A table as the CSV writes it: headers (a money column names the currency) and cell values. */
export interface CsvTable {
  columns: { header: string; format: CellFormat }[];
  rows: CellValue[][];
}

export function csvTable<R>(table: Table<R>, currency: string): CsvTable {
  const columns = table.columns.filter((c) => c.only !== "screen");
  return {
    columns: columns.map((c) => {
      const header = c.csvHeader ?? c.header;
      return { header: c.format === "money" ? moneyHeader(header, currency) : header, format: c.format };
    }),
    rows: (table.csvRows ?? table.rows).map((r) => columns.map((c) => c.value(r))),
  };
}

/** An interval of shares in one piece, "36–52 %" / "36–52%": one sign, so a narrow column holds it. */
export function pctRange(i: { low: number; high: number }, locale: Locale): string {
  const n = (x: number) => formatInt(x * 100, locale);
  return locale === "ru" ? `${n(i.low)}–${n(i.high)}\u00a0%` : `${n(i.low)}–${n(i.high)}%`;
}
