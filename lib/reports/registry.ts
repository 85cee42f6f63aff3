/**
 * Every report, declared once: its kind, who may open it, how its data is read, whether it sets the previous
 * period beside the current one, and the tables its CSV export writes. Navigation, the page's role check, the
 * loader (lib/reports/load.ts), CSV export, warm-up, the share page and the e2e lists all read this list.
 *
 * Managers and Strategies compare managers with each other: a manager's data scope would reduce "the team" to
 * himself (his own figure shown as the team median), so they are for directors and admins, and a manager is sent
 * to /me, which compares him with anonymised team figures.
 */
import type { Database } from "@/db";
import type { Role } from "@/db/schema";
import { type ClientsDto, getClients } from "@/lib/analytics/clients";
import type { DrilldownRow } from "@/lib/analytics/drilldown";
import { getManagers, type ManagersDto } from "@/lib/analytics/managers";
import { getOverview, type OverviewDto } from "@/lib/analytics/overview";
import { getReasons, type ReasonsDto } from "@/lib/analytics/reasons";
import type { DataScope } from "@/lib/analytics/scope";
import { getStages, type StagesView } from "@/lib/analytics/stages";
import { getStrategies, type StrategiesDto } from "@/lib/analytics/strategies";
import type { Locale } from "@/lib/i18n/config";
import type { Filters } from "@/lib/url-state/filters";
import type { Slice } from "@/lib/url-state/slice";
import type { ReportPortal } from "./portal";
import { captureTable } from "./tables/capture";
import { priorWinTable } from "./tables/clients";
import { dealsTable } from "./tables/deals";
import { managersTable } from "./tables/managers";
import { trendTable } from "./tables/overview";
import { reasonManagerCells, reasonsTable } from "./tables/reasons";
import { stagesCsvTable } from "./tables/stages";
import { quadrantsTable } from "./tables/strategies";
import { type CsvTable, csvTable, type Table } from "./tables/table";

export const REPORT_KINDS = ["overview", "stages", "reasons", "managers", "clients", "strategies"] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** The pages that show report data without being one of the reports above. */
export type PageKind = ReportKind | "deals" | "comments" | "themes" | "me";

/** What each report's `get` returns: the data its page, share page and CSV are made from. */
interface ReportDataMap {
  overview: OverviewDto;
  stages: StagesView;
  reasons: ReasonsDto;
  managers: ManagersDto;
  clients: ClientsDto;
  strategies: StrategiesDto;
}
export type ReportData<K extends ReportKind> = ReportDataMap[K];

/** How one CSV file of a report is made: from the report's data, or from the deals behind a slice. */
export type CsvSource<D> =
  | { from: "report"; write: (data: D, locale: Locale, portal: ReportPortal) => CsvTable }
  | {
      from: "deals";
      /** The deals the file lists; absent = the slice in the request (the /deals page's). */
      slice?: Slice;
      write: (rows: DrilldownRow[], locale: Locale, portal: ReportPortal) => CsvTable;
    };

export interface ReportDef<D> {
  roles: readonly Role[];
  get: (db: Database, scope: DataScope, filters: Filters) => Promise<D>;
  /** With "compare" on, the loader reads the previous period too and the page sets it beside the current one. */
  comparesPrevious: boolean;
  /** The CSV files, by table name (`?table=` of /api/export/<kind>). */
  csv: Record<string, CsvSource<D>>;
}

/** A table function as a CSV writer: the table's own columns, money headers naming the portal's currency. */
const csv =
  <D, R>(table: (data: D, locale: Locale, portal: ReportPortal) => Table<R>) =>
  (data: D, locale: Locale, portal: ReportPortal) =>
    csvTable(table(data, locale, portal), portal.baseCurrency);

const EVERYONE: readonly Role[] = ["admin", "director", "manager"];
const TEAM: readonly Role[] = ["admin", "director"];

export const REPORTS: { [K in ReportKind]: ReportDef<ReportDataMap[K]> } = {
  overview: {
    roles: EVERYONE,
    get: getOverview,
    // The overview compares inside its own query (its KPIs and trend carry the previous period).
    comparesPrevious: false,
    csv: { trend: { from: "report", write: csv(trendTable) } },
  },
  stages: {
    roles: EVERYONE,
    get: getStages,
    comparesPrevious: true,
    csv: { stages: { from: "report", write: csv(stagesCsvTable) } },
  },
  reasons: {
    roles: EVERYONE,
    get: getReasons,
    comparesPrevious: true,
    csv: {
      reasons: { from: "report", write: csv((d: ReasonsDto, l: Locale) => reasonsTable(d, null, l)) },
      "reason-manager": { from: "report", write: csv(reasonManagerCells) },
    },
  },
  managers: {
    roles: TEAM,
    get: getManagers,
    comparesPrevious: true,
    csv: {
      managers: { from: "report", write: csv((d: ManagersDto, l: Locale) => managersTable(d, null, l)) },
      capture: { from: "report", write: csv(captureTable) },
    },
  },
  clients: {
    roles: EVERYONE,
    get: getClients,
    comparesPrevious: false,
    // Every lost deal of a returning customer, not just the newest the page lists: the drill-down's rows.
    csv: {
      "prior-win": { from: "deals", slice: { priorWin: true, outcome: "lost" }, write: csv(priorWinTable) },
    },
  },
  strategies: {
    roles: TEAM,
    get: getStrategies,
    comparesPrevious: false,
    csv: { quadrants: { from: "report", write: csv(quadrantsTable) } },
  },
};

/** The drill-down's own CSV (/api/export/deals?table=deals): the deals of the slice in the request. */
export const DEALS_CSV: Record<string, CsvSource<never>> = {
  deals: { from: "deals", write: csv(dealsTable) },
};

export const isReportKind = (k: string): k is ReportKind => (REPORT_KINDS as readonly string[]).includes(k);

/** Whether `role` may open the report or page `kind` (pages other than the reports are open to every role). */
export function mayOpenReport(role: Role, kind: string): boolean {
  return !isReportKind(kind) || REPORTS[kind].roles.includes(role);
}
