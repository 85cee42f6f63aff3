/**
 * CSV export of any report table: UTF-8 with a BOM (so Excel reads Cyrillic), RFC 4180 quoting, CRLF line
 * ends, `;` as the separator for Russian Excel, and a guard against formula injection — a deal title or
 * comment that a spreadsheet would read as a formula (see FORMULA_START) is prefixed with an apostrophe so
 * it shows as text instead of running.
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
/**
 * A spreadsheet starts a formula at = + - @, and also when blanks come first (" =1+1", "\t=…", "\r\n=…") or
 * the sign is its full-width form (＝ ＋ － ＠, which Excel and LibreOffice fold to ASCII). Blanks here: any
 * Unicode white space, the ideographic space and the zero-width ones a copy-paste brings along.
 */
const FORMULA_START = /^(?:\s|\u200B|\u200C|\u200D|\u2060)*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/u;
/** A leading tab or carriage return alone is kept out as well (some importers split or run on it). */
const CONTROL_START = /^[\t\r]/;

/** Whether a text cell would be read as a formula (or starts with a control character) by a spreadsheet. */
export function isFormulaLike(v: string): boolean {
  return FORMULA_START.test(v) || CONTROL_START.test(v);
}

function text(v: CsvValue, separator: string): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return "";
    // Russian Excel expects a decimal comma when the separator is ";".
    return separator === ";" ? String(v).replace(".", ",") : String(v);
  }
  if (typeof v === "boolean") return v ? "true" : "false";
  return isFormulaLike(v) ? `'${v}` : v;
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

/** A file that holds only the first `rows` of `total` says so in its name: "…-first-100000-of-240512". */
export function cappedSuffix(rows: number, total: number): string {
  return total > rows ? `-first-${rows}-of-${total}` : "";
}
