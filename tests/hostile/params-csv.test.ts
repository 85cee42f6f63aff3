/**
 * CSV formula injection, by class: every cell a spreadsheet would read as a formula — a formula sign (ASCII or
 * full-width) at the start, after any run of blanks (space, tab, CR/LF, no-break, ideographic, zero-width) —
 * comes out with a leading apostrophe, in both separators; look-alikes that are not formulas stay as they are.
 * Every CSV export (report tables, drill-down, comments) writes its cells through csvCell/toCsv.
 */
import { describe, expect, it } from "vitest";
import { BOM, csvCell, toCsv } from "@/lib/analytics/csv";

const SIGNS = ["=", "+", "-", "@", "＝", "＋", "－", "＠"];
const BLANKS = [
  "",
  " ",
  "  ",
  "\t",
  "\r",
  "\n",
  "\r\n",
  " \t\r\n",
  "\u00A0",
  "\u3000",
  "\uFEFF",
  "\u200B",
  "\u2060",
];
const PAYLOADS = ['HYPERLINK("http://evil.example","x")', "1+1", "cmd|' /C calc'!A0", "SUM(A1:A9)", ""];

/** The cell as a spreadsheet would see it after undoing the CSV quoting. */
function unquote(cell: string): string {
  return cell.startsWith('"') ? cell.slice(1, -1).replaceAll('""', '"') : cell;
}

describe("formula-like cells", () => {
  const cases = BLANKS.flatMap((b) => SIGNS.flatMap((s) => PAYLOADS.map((p) => `${b}${s}${p}`)));

  it(`are all neutralised with a leading apostrophe (${cases.length} cells × 2 separators)`, () => {
    for (const sep of [",", ";"] as const)
      for (const v of cases) {
        expect(unquote(csvCell(v, sep)), JSON.stringify(v)).toBe(`'${v}`);
      }
  });

  it("inside a whole file too: no data cell of the file starts with a formula sign", () => {
    const rows = cases.map((title, i) => ({ id: i + 1, title }));
    const csv = toCsv(rows, [
      { header: "ID", value: "id" },
      { header: "Title", value: "title" },
    ]);
    expect(csv.startsWith(BOM)).toBe(true);
    // Every title cell (quoted or not) begins with the apostrophe, right after the id and the separator.
    const titles = [...csv.matchAll(/\r\n\d+,("?)(.)/g)].map((m) => m[2]);
    expect(titles).toHaveLength(cases.length);
    expect(new Set(titles)).toEqual(new Set(["'"]));
  });

  it("plain text, numbers and signs inside a cell are left alone", () => {
    for (const v of ["Поставка", "a=b", "Дорого - ушли к конкурентам", "x@y.z", "  отказ", "1 000", "ｘ＝１"])
      expect(unquote(csvCell(v)), v).toBe(v);
    // Numbers are numbers (a negative amount stays a number), only text is guarded.
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell(-5.5, ";")).toBe("-5,5");
  });
});
