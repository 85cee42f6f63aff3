/**
 * CSV tables of every report, under the same filters and the same data scope as the page (the scope is
 * applied in the SQL of the analytics call, so an export can never hold more than the viewer may read).
 */
import "server-only";
import { type CsvColumn, type CsvValue, cappedSuffix, toCsv } from "@/lib/analytics/csv";
import { getDrilldown } from "@/lib/analytics/drilldown";
import { getManagers } from "@/lib/analytics/managers";
import { getOverview } from "@/lib/analytics/overview";
import { getReasons } from "@/lib/analytics/reasons";
import { getStages } from "@/lib/analytics/stages";
import { getStrategies } from "@/lib/analytics/strategies";
import { moneyHeader } from "@/lib/format";
import { reportMessages } from "@/lib/i18n/sections/reports";
import { offsetMinutes } from "@/lib/url-state/period";
import type { Slice } from "@/lib/url-state/slice";
import type { ReportContext } from "./context";

export interface CsvFile {
  name: string;
  body: string;
}

/** How a column's values are written: as they are, a share 0..1, an instant, or a local date YYYY-MM-DD. */
type Kind = "plain" | "pct" | "instant" | "day";
type Column = { header: string; key: string; kind: Kind };

/** `total` is set when the table has more rows than the file holds (a capped export says so in its name). */
type Table = {
  rows: Record<string, unknown>[];
  columns: Column[];
  total?: number;
};

/** The most deals one CSV holds; a larger list is exported as its first rows, named "…-first-N-of-M". */
export const exportLimits = { deals: 100_000 };

const col = (header: string, key: string, kind: Kind = "plain"): Column => ({ header, key, kind });

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * The ";" file is for Russian Excel, which reads neither ISO instants nor 0.283 as a share: it gets local
 * "dd.mm.yyyy hh:mm" in the portal's offset and "28,3%". The "," file keeps ISO instants and raw ratios for
 * programs. Numbers get their decimal comma from toCsv.
 */
function excelValue(v: unknown, kind: Kind, offset: string): CsvValue {
  if (v === null || v === undefined || v === "") return v as CsvValue;
  if (kind === "pct" && typeof v === "number")
    return `${String(Math.round(v * 10_000) / 100).replace(".", ",")}%`;
  if (kind === "instant" && typeof v === "string") {
    const t = Date.parse(v);
    if (Number.isNaN(t)) return v;
    const d = new Date(t + (offsetMinutes(offset) ?? 180) * 60_000);
    return `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  }
  if (kind === "day" && typeof v === "string") {
    const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(v);
    return m ? `${m[3] ? `${m[3]}.` : ""}${m[2]}.${m[1]}` : v;
  }
  return v as CsvValue;
}

function csvColumns(
  columns: Column[],
  separator: "," | ";",
  offset: string,
): CsvColumn<Record<string, unknown>>[] {
  return columns.map((c) => ({
    header: c.header,
    value: (r) => (separator === ";" ? excelValue(r[c.key], c.kind, offset) : (r[c.key] as CsvValue)),
  }));
}

/** Each exportable table by report and name; null = no such table. */
export async function exportTable(
  ctx: ReportContext,
  report: string,
  table: string,
  slice: Slice,
): Promise<Table | null> {
  const t = reportMessages[ctx.locale];
  const noReason = t.filters.noReason;
  const { db, scope, filters } = ctx;
  // A money column names the portal's base currency in its header: "Потеряно денег (EUR)".
  const money = (header: string, key: string) => col(moneyHeader(header, ctx.portal.baseCurrency), key);
  switch (`${report}/${table}`) {
    case "overview/trend": {
      const d = await getOverview(db, scope, filters);
      return {
        rows: d.trend as unknown as Record<string, unknown>[],
        columns: [
          col(t.deals.date, "bucket", "day"),
          col(t.overview.lostDeals, "lostDeals"),
          money(t.overview.lostMoney, "lostMoney"),
          col(t.managers.won, "wonDeals"),
          col(t.overview.closed, "closedDeals"),
          col(t.overview.lossRate, "lossRate", "pct"),
        ],
      };
    }
    case "stages/stages": {
      // Every funnel in view (each pipeline when none is chosen), with the pipeline named on each row.
      const d = await getStages(db, scope, filters);
      const ts = t.stages;
      return {
        rows: d.pipelines.flatMap((p) => {
          const pipeline = p.pipelineName ?? `#${p.pipelineId}`;
          return [
            ...p.stages.map((s) => ({ pipeline, ...s })),
            { pipeline, name: ts.unknown, ...p.unknown },
          ] as Record<string, unknown>[];
        }),
        columns: [
          col(ts.pipeline, "pipeline"),
          col(ts.stage, "name"),
          col(ts.reached, "reached"),
          col(ts.lostAt, "lostAt"),
          money(ts.lostMoney, "lostMoney"),
          col(ts.lossSharePipeline, "lossShare", "pct"),
          col(ts.lossShareAll, "lossShareOfAll", "pct"),
          col(ts.lossShareMoneyPipeline, "lossShareMoney", "pct"),
          col(ts.lossShareMoneyAll, "lossShareMoneyOfAll", "pct"),
          col(ts.dropOff, "dropOffRate", "pct"),
          col(ts.conversion, "conversionToNext", "pct"),
          col(ts.medianDays, "medianDaysLostAt"),
          col(ts.openNow, "openNow"),
        ],
      };
    }
    case "reasons/reasons": {
      const d = await getReasons(db, scope, filters);
      return {
        rows: d.reasons.map((r) => ({ ...r, label: r.reasonKey === null ? noReason : r.label })),
        columns: [
          col(t.reasons.reason, "label"),
          col(t.reasons.lostDeals, "lostDeals"),
          col(t.reasons.share, "share", "pct"),
          money(t.reasons.lostMoney, "lostMoney"),
          col(t.reasons.moneyShare, "moneyShare", "pct"),
          col(t.reasons.cumulative, "cumulativeShare", "pct"),
        ],
      };
    }
    case "reasons/reason-manager": {
      const d = await getReasons(db, scope, filters);
      const names = new Map(d.byManager.managers.map((m) => [m.managerId, m.name ?? t.reasons.noManager]));
      const labels = new Map(d.reasons.map((r) => [r.reasonKey, r.reasonKey === null ? noReason : r.label]));
      return {
        rows: d.byManager.cells.map((c) => ({
          manager: names.get(c.managerId) ?? t.reasons.noManager,
          reason: labels.get(c.reasonKey) ?? c.reasonKey,
          lostDeals: c.lostDeals,
          lostMoney: c.lostMoney,
        })),
        columns: [
          col(t.reasons.manager, "manager"),
          col(t.reasons.reason, "reason"),
          col(t.reasons.lostDeals, "lostDeals"),
          money(t.reasons.lostMoney, "lostMoney"),
        ],
      };
    }
    case "managers/managers": {
      const d = await getManagers(db, scope, filters);
      return {
        rows: d.rows.map((r) => ({
          ...r,
          name: r.name ?? t.managers.noManager,
          low: r.lossRateInterval?.low ?? null,
          high: r.lossRateInterval?.high ?? null,
          tooFew: r.tooFewToJudge ? t.managers.tooFew : "",
        })),
        columns: [
          col(t.managers.rank, "rank"),
          col(t.managers.manager, "name"),
          col(t.managers.closed, "closedDeals"),
          col(t.managers.won, "wonDeals"),
          col(t.managers.lost, "lostDeals"),
          col(t.managers.lossRate, "lossRate", "pct"),
          col(`${t.managers.interval} (min)`, "low", "pct"),
          col(`${t.managers.interval} (max)`, "high", "pct"),
          col(t.managers.lossShare, "lossShare", "pct"),
          money(t.managers.lostMoney, "lostMoney"),
          money(t.managers.revenue, "revenue"),
          money(t.managers.averageLost, "averageLostDeal"),
          col("", "tooFew"),
        ],
      };
    }
    case "clients/prior-win": {
      // Every lost deal of a returning customer, not just the 50 newest the page lists: the drill-down's rows.
      const d = await getDrilldown(
        db,
        scope,
        filters,
        { priorWin: true, outcome: "lost" },
        {
          all: true,
          limit: exportLimits.deals,
        },
      );
      return {
        rows: d.rows as unknown as Record<string, unknown>[],
        total: d.total > d.rows.length ? d.total : undefined,
        columns: [
          col("ID", "dealId"),
          col(t.clients.deal, "title"),
          col(t.clients.client, "clientName"),
          col(t.clients.manager, "managerName"),
          col(t.clients.lossDate, "lossDate", "instant"),
          money(t.clients.amount, "amount"),
        ],
      };
    }
    case "strategies/quadrants": {
      const d = await getStrategies(db, scope, filters);
      return {
        rows: d.quadrants.map((q) => ({ ...q, name: t.strategies.quadrants[q.quadrant] })),
        columns: [
          col(t.strategies.quadrant, "name"),
          col(t.strategies.managers, "managers"),
          col(t.strategies.dealsWorked, "dealsWorked"),
          col(t.strategies.won, "wonDeals"),
          col(t.strategies.winRate, "winRate", "pct"),
          money(t.strategies.revenue, "revenue"),
          money(t.strategies.revenuePerDeal, "revenuePerDeal"),
          money(t.strategies.profit, "profit"),
        ],
      };
    }
    case "deals/deals": {
      const d = await getDrilldown(db, scope, filters, slice, { all: true, limit: exportLimits.deals });
      const outcome = { won: t.deals.won, lost: t.deals.lost, open: t.deals.openOutcome };
      return {
        total: d.total > d.rows.length ? d.total : undefined,
        rows: d.rows.map((r) => ({
          ...r,
          outcome: outcome[r.outcome],
          stagePath: r.stagePath.join(" → "),
          reason: r.outcome === "lost" ? (r.reasonLabel ?? noReason) : "",
        })),
        columns: [
          col("ID", "dealId"),
          col(t.deals.deal, "title"),
          col(t.deals.outcome, "outcome"),
          col(t.deals.stagePath, "stagePath"),
          col(t.deals.lostAt, "lostAtStageName"),
          col(t.deals.reason, "reason"),
          money(t.deals.amount, "amount"),
          col(t.deals.manager, "managerName"),
          col(t.deals.client, "clientName"),
          col(t.deals.comment, "commentExcerpt"),
          col(t.deals.date, "closedAt", "instant"),
          col("URL", "url"),
        ],
      };
    }
    default:
      return null;
  }
}

export async function exportCsv(
  ctx: ReportContext,
  report: string,
  table: string,
  slice: Slice,
  separator: "," | ";",
): Promise<CsvFile | null> {
  const data = await exportTable(ctx, report, table, slice);
  if (!data) return null;
  const day = new Date().toISOString().slice(0, 10);
  const capped = cappedSuffix(data.rows.length, data.total ?? data.rows.length);
  return {
    name: `losslens-${report}-${table}${capped}-${day}.csv`,
    body: toCsv(data.rows, csvColumns(data.columns, separator, ctx.filters.offset), { separator }),
  };
}
