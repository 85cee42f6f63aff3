/**
 * CSV export of any report table: UTF-8 with a BOM (so Excel reads Cyrillic), RFC 4180 quoting, CRLF line
 * ends, `;` as the separator for Russian Excel, and a guard against formula injection — a deal title or
 * comment starting with = + - @ (or a tab / carriage return) is prefixed with an apostrophe so a
 * spreadsheet shows it as text instead of running it.
 */

export type CsvValue = string | number | boolean | Date | null | undefined;

export interface CsvColumn<T> {
  header: string;
  /** A key of the row, or a function computing the cell. */
  value: keyof T | ((row: T) => CsvValue);
}

export interface CsvOptions {
  separator?: "," | ";";
  /** Prepend the UTF-8 byte-order mark (default true). */
  bom?: boolean;
}

export const BOM = "\uFEFF";
const DANGEROUS = /^[=+\-@\t\r]/;

function text(v: CsvValue, separator: string): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return "";
    // Russian Excel expects a decimal comma when the separator is ";".
    return separator === ";" ? String(v).replace(".", ",") : String(v);
  }
  if (typeof v === "boolean") return v ? "true" : "false";
  return DANGEROUS.test(v) ? `'${v}` : v;
}

export function csvCell(v: CsvValue, separator: "," | ";" = ","): string {
  const s = text(v, separator);
  return s.includes(separator) || /["\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function toCsv<T>(
  rows: readonly T[],
  columns: readonly CsvColumn<T>[],
  options: CsvOptions = {},
): string {
  const sep = options.separator ?? ",";
  const line = (cells: CsvValue[]) => cells.map((c) => csvCell(c, sep)).join(sep);
  const out = [line(columns.map((c) => c.header))];
  for (const row of rows)
    out.push(
      line(columns.map((c) => (typeof c.value === "function" ? c.value(row) : (row[c.value] as CsvValue)))),
    );
  return `${options.bom === false ? "" : BOM}${out.join("\r\n")}\r\n`;
}
