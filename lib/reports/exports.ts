/**
 * CSV files of every report table (lib/reports/registry.ts names them, lib/reports/tables/ defines their columns),
 * under the same filters and the same data scope as the page (the scope is applied in the SQL of the analytics
 * call, so an export can never hold more than the viewer may read).
 */
import "server-only";
import { type CsvValue, cappedSuffix, toCsv } from "@/lib/analytics/csv";
import { getDrilldown } from "@/lib/analytics/drilldown";
import { offsetMinutes } from "@/lib/url-state/period";
import type { Slice } from "@/lib/url-state/slice";
import type { ReportContext } from "./context";
import { type CsvSource, DEALS_CSV, isReportKind, REPORTS, type ReportKind } from "./registry";
import type { CellFormat, CellValue, CsvTable } from "./tables/table";

export interface CsvFile {
  name: string;
  body: string;
}

/** The most deals one CSV holds; a larger list is exported as its first rows, named "…-first-N-of-M". */
export const exportLimits = { deals: 100_000 };

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * The ";" file is for Russian Excel, which reads neither ISO instants nor 0.283 as a share: it gets local
 * "dd.mm.yyyy hh:mm" in the portal's offset and "28,3%". The "," file keeps ISO instants and raw ratios for
 * programs. Numbers get their decimal comma from toCsv.
 */
function excelValue(v: CellValue, format: CellFormat, offset: string): CsvValue {
  if (v === null || v === "") return v;
  if (format === "pct" && typeof v === "number")
    return `${String(Math.round(v * 10_000) / 100).replace(".", ",")}%`;
  if (format === "instant" && typeof v === "string") {
    const t = Date.parse(v);
    if (Number.isNaN(t)) return v;
    const d = new Date(t + (offsetMinutes(offset) ?? 180) * 60_000);
    return `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  }
  if (format === "date" && typeof v === "string") {
    const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(v);
    return m ? `${m[3] ? `${m[3]}.` : ""}${m[2]}.${m[1]}` : v;
  }
  return v;
}

/** The CSV source of `report`'s table `table`, or null when there is no such table. */
function sourceOf(report: string, table: string): CsvSource<unknown> | null {
  const tables: Record<string, CsvSource<never>> | null = isReportKind(report)
    ? REPORTS[report].csv
    : report === "deals"
      ? DEALS_CSV
      : null;
  return (tables && Object.hasOwn(tables, table) ? tables[table] : null) as CsvSource<unknown> | null;
}

/** A table's contents and, when the file holds fewer rows than exist, how many exist. */
async function readTable(
  ctx: ReportContext,
  report: ReportKind | "deals",
  source: CsvSource<unknown>,
  slice: Slice,
): Promise<CsvTable & { total?: number }> {
  const { db, scope, filters, locale, portal } = ctx;
  if (source.from === "report") {
    const data = await REPORTS[report as ReportKind].get(db, scope, filters);
    return source.write(data, locale, portal);
  }
  const d = await getDrilldown(db, scope, filters, source.slice ?? slice, {
    all: true,
    limit: exportLimits.deals,
  });
  const file = source.write(d.rows, locale, portal);
  return d.total > d.rows.length ? { ...file, total: d.total } : file;
}

export async function exportCsv(
  ctx: ReportContext,
  report: string,
  table: string,
  slice: Slice,
  separator: "," | ";",
): Promise<CsvFile | null> {
  const source = sourceOf(report, table);
  if (!source) return null;
  const data = await readTable(ctx, report as ReportKind | "deals", source, slice);
  const day = new Date().toISOString().slice(0, 10);
  const capped = cappedSuffix(data.rows.length, data.total ?? data.rows.length);
  const offset = ctx.filters.offset;
  return {
    name: `losslens-${report}-${table}${capped}-${day}.csv`,
    body: toCsv(
      data.rows,
      data.columns.map((c, i) => ({
        header: c.header,
        value: (r: CellValue[]) => (separator === ";" ? excelValue(r[i] ?? null, c.format, offset) : r[i]),
      })),
      { separator },
    ),
  };
}
