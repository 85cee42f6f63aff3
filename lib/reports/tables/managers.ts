/**
 * The Managers table: one row per manager (ranked by loss rate, "too few to judge" greyed out), the team median
 * and the whole team pinned under it, and the previous period's loss rate beside each when comparing.
 */
import type { ManagersDto } from "@/lib/analytics/managers";
import { formatPointsDelta } from "@/lib/format";
import type { Locale } from "@/lib/i18n/config";
import { reportMessages } from "@/lib/i18n/sections/reports";
import { type Column, pctRange, type Table } from "./table";

/** A row of the table: a manager, or the team median / the whole team under them. */
export interface ManagerLine {
  managerId: number | null;
  /** Set on the median and total rows: no rank, no link, no previous period. */
  summary?: "median" | "total";
  rank: number | null;
  name: string;
  tooFew: boolean;
  closedDeals: number | null;
  wonDeals: number | null;
  lostDeals: number | null;
  lossRate: number | null;
  interval: { low: number; high: number } | null;
  lossShare: number | null;
  lostMoney: number | null;
  revenue: number | null;
  averageLostDeal: number | null;
}

function lines(data: ManagersDto, locale: Locale): { rows: ManagerLine[]; footer: ManagerLine[] } {
  const t = reportMessages[locale].managers;
  const rows = data.rows.map((r) => ({
    ...r,
    name: r.name ?? t.noManager,
    tooFew: r.tooFewToJudge,
    interval: r.lossRateInterval,
  }));
  const med = data.teamMedian;
  const total = data.total;
  const footer: ManagerLine[] = [
    {
      ...med,
      managerId: null,
      summary: "median",
      rank: null,
      name: t.teamMedian,
      tooFew: false,
      interval: null,
    },
    {
      ...total,
      managerId: null,
      summary: "total",
      rank: null,
      name: t.total,
      tooFew: false,
      interval: total.lossRateInterval,
      lossShare: total.lostDeals ? 1 : null,
    },
  ];
  return { rows, footer };
}

function compareColumns(previous: ManagersDto | null, locale: Locale): Column<ManagerLine>[] {
  if (!previous) return [];
  const t = reportMessages[locale];
  const before = new Map(previous.rows.map((r) => [r.managerId, r.lossRate]));
  const was = (r: ManagerLine) => (r.summary ? null : (before.get(r.managerId) ?? null));
  return [
    {
      key: "previous",
      header: `${t.managers.lossRate}: ${t.frame.previous}`,
      format: "pct",
      only: "screen",
      value: was,
    },
    {
      key: "change",
      header: t.frame.change,
      format: "text",
      only: "screen",
      value: (r) => {
        const w = was(r);
        return r.lossRate !== null && w !== null ? formatPointsDelta(r.lossRate - w, locale) : null;
      },
    },
  ];
}

export function managersTable(
  data: ManagersDto,
  previous: ManagersDto | null,
  locale: Locale,
): Table<ManagerLine> {
  const t = reportMessages[locale].managers;
  const { rows, footer } = lines(data, locale);
  const drill = (outcome: "closed" | "won" | "lost") => (r: ManagerLine) =>
    r.summary ? null : { manager: r.managerId ?? 0, outcome };
  return {
    id: (r) => r.summary ?? String(r.managerId ?? 0),
    rows,
    footer,
    muted: (r) => r.tooFew,
    note: (r) => (r.tooFew ? t.tooFew : undefined),
    columns: [
      { key: "rank", header: t.rank, format: "int", value: (r) => r.rank },
      {
        key: "manager",
        header: t.manager,
        format: "text",
        wrap: true,
        only: "screen",
        value: (r) => `${r.name}${r.tooFew ? ` · ${t.tooFew}` : ""}`,
      },
      { key: "name", header: t.manager, format: "text", only: "csv", value: (r) => r.name },
      { key: "closed", header: t.closed, format: "int", value: (r) => r.closedDeals, slice: drill("closed") },
      { key: "won", header: t.won, format: "int", value: (r) => r.wonDeals, slice: drill("won") },
      { key: "lost", header: t.lost, format: "int", value: (r) => r.lostDeals, slice: drill("lost") },
      { key: "lossRate", header: t.lossRate, format: "pct", hint: t.help, value: (r) => r.lossRate },
      {
        key: "interval",
        header: t.interval,
        format: "text",
        sortable: false,
        only: "screen",
        value: (r) => (r.interval ? pctRange(r.interval, locale) : null),
      },
      {
        key: "low",
        header: `${t.interval} (min)`,
        format: "pct",
        only: "csv",
        value: (r) => r.interval?.low ?? null,
      },
      {
        key: "high",
        header: `${t.interval} (max)`,
        format: "pct",
        only: "csv",
        value: (r) => r.interval?.high ?? null,
      },
      { key: "lossShare", header: t.lossShare, format: "pct", value: (r) => r.lossShare },
      {
        key: "lostMoney",
        header: t.lostMoney,
        format: "money",
        value: (r) => r.lostMoney,
        slice: drill("lost"),
      },
      { key: "revenue", header: t.revenue, format: "money", value: (r) => r.revenue },
      { key: "averageLost", header: t.averageLost, format: "money", value: (r) => r.averageLostDeal },
      { key: "tooFew", header: "", format: "text", only: "csv", value: (r) => (r.tooFew ? t.tooFew : "") },
      ...compareColumns(previous, locale),
    ],
  };
}
