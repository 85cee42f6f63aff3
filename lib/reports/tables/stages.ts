/**
 * The Stages tables: one pipeline's stages on the page (the unknown stage and won under them), every pipeline in
 * view in the CSV (the pipeline named on each row, the unknown stage as a row), and where each count of a funnel
 * leads (lib/analytics/stages-links.ts holds the slices, so the page, the chart and the tests agree).
 */

import type { StagesDto, StagesView } from "@/lib/analytics/stages";
import { pipelineSlices, stageSlices } from "@/lib/analytics/stages-links";
import { formatDelta } from "@/lib/format";
import type { Locale } from "@/lib/i18n/config";
import { reportMessages } from "@/lib/i18n/sections/reports";
import type { Slice } from "@/lib/url-state/slice";
import type { Column, Table } from "./table";

type Unknown = StagesDto["unknown"];
type Shares = Pick<Unknown, "lossShare" | "lossShareMoney" | "lossShareOfAll" | "lossShareMoneyOfAll">;

/** A row: a stage of the pipeline, its unknown stage or its won step. */
export interface StageLine extends Shares {
  line: "stage" | "unknown" | "won";
  stageId: string | null;
  pipeline: string;
  name: string;
  reached: number | null;
  lostAt: number | null;
  lostMoney: number | null;
  dropOffRate: number | null;
  conversionToNext: number | null;
  medianDaysLostAt: number | null;
  openNow: number | null;
}

const BLANK = {
  reached: null,
  dropOffRate: null,
  conversionToNext: null,
  medianDaysLostAt: null,
  openNow: null,
};
const NO_SHARES = { lossShare: null, lossShareMoney: null, lossShareOfAll: null, lossShareMoneyOfAll: null };

export const pipelineName = (p: StagesDto) => p.pipelineName ?? `#${p.pipelineId}`;

function pipelineLines(p: StagesDto, locale: Locale) {
  const t = reportMessages[locale].stages;
  const pipeline = pipelineName(p);
  const stages: StageLine[] = p.stages.map((s) => ({ ...s, line: "stage", pipeline }));
  const unknown: StageLine = {
    ...BLANK,
    ...p.unknown,
    line: "unknown",
    stageId: null,
    pipeline,
    name: t.unknown,
  };
  const won: StageLine = {
    ...BLANK,
    ...NO_SHARES,
    line: "won",
    stageId: null,
    pipeline,
    name: t.won,
    reached: p.won.count,
    lostAt: null,
    lostMoney: null,
  };
  return { stages, unknown, won };
}

function compareColumns(previous: StagesView | null, locale: Locale): Column<StageLine>[] {
  if (!previous) return [];
  const t = reportMessages[locale];
  const before = new Map(
    previous.pipelines.flatMap((p) => p.stages.map((s) => [s.stageId, s.lostAt] as const)),
  );
  const was = (r: StageLine) => (r.line === "stage" && r.stageId ? (before.get(r.stageId) ?? 0) : null);
  const change = (r: StageLine) => {
    const w = was(r);
    return w === null || r.lostAt === null ? null : formatDelta(r.lostAt - w, locale);
  };
  return [
    {
      key: "previous",
      header: `${t.stages.lostAt}: ${t.frame.previous}`,
      format: "int",
      only: "screen",
      value: was,
    },
    { key: "change", header: t.frame.change, format: "text", only: "screen", value: change },
  ];
}

/** The columns; with one pipeline shown the page leaves out the shares of all losses (the CSV always has them). */
function stageColumns(all: boolean, locale: Locale): Column<StageLine>[] {
  const t = reportMessages[locale].stages;
  const of = (r: StageLine) => (r.line === "stage" && r.stageId ? stageSlices(r.stageId) : null);
  const ofAll = all ? {} : { only: "csv" as const };
  return [
    { key: "pipeline", header: t.pipeline, format: "text", only: "csv", value: (r) => r.pipeline },
    { key: "stage", header: t.stage, format: "text", sortable: false, wrap: true, value: (r) => r.name },
    {
      key: "reached",
      header: t.reached,
      format: "int",
      hint: t.reachedHint,
      value: (r) => r.reached,
      slice: (r) => of(r)?.reached,
    },
    { key: "lostAt", header: t.lostAt, format: "int", value: (r) => r.lostAt, slice: (r) => of(r)?.lostAt },
    {
      key: "lostMoney",
      header: t.lostMoney,
      format: "money",
      value: (r) => r.lostMoney,
      slice: (r) => of(r)?.lostAt,
    },
    {
      key: "lossShare",
      header: all ? t.lossSharePipeline : t.lossShare,
      csvHeader: t.lossSharePipeline,
      format: "pct",
      value: (r) => r.lossShare,
    },
    { key: "lossShareAll", header: t.lossShareAll, format: "pct", value: (r) => r.lossShareOfAll, ...ofAll },
    {
      key: "lossShareMoney",
      header: all ? t.lossShareMoneyPipeline : t.lossShareMoney,
      csvHeader: t.lossShareMoneyPipeline,
      format: "pct",
      value: (r) => r.lossShareMoney,
    },
    {
      key: "lossShareMoneyAll",
      header: t.lossShareMoneyAll,
      format: "pct",
      value: (r) => r.lossShareMoneyOfAll,
      ...ofAll,
    },
    { key: "dropOff", header: t.dropOff, format: "pct", hint: t.dropOffHint, value: (r) => r.dropOffRate },
    {
      key: "conversion",
      header: t.conversion,
      format: "pct",
      hint: t.conversionHint,
      value: (r) => r.conversionToNext,
    },
    {
      key: "medianDays",
      header: t.medianDays,
      format: "days",
      hint: t.medianHint,
      value: (r) => r.medianDaysLostAt,
    },
    {
      key: "openNow",
      header: t.openNow,
      format: "int",
      hint: t.openNowHint,
      value: (r) => r.openNow,
      slice: (r) => of(r)?.openNow,
    },
  ];
}

const lineId = (r: StageLine) => (r.line === "stage" && r.stageId ? r.stageId : `${r.pipeline}:${r.line}`);

/** One pipeline's stages as the page shows them; `previous` adds the previous period's losses per stage. */
export function stagesTable(
  p: StagesDto,
  view: StagesView,
  previous: StagesView | null,
  locale: Locale,
): Table<StageLine> {
  const { stages, unknown, won } = pipelineLines(p, locale);
  return {
    id: lineId,
    rows: stages,
    footer: [unknown, won],
    columns: [...stageColumns(view.allPipelines, locale), ...compareColumns(previous, locale)],
  };
}

/** Every pipeline in view in one file, each row naming its pipeline, the unknown stage after each pipeline's stages. */
export function stagesCsvTable(view: StagesView, locale: Locale): Table<StageLine> {
  const rows = view.pipelines.flatMap((p) => {
    const { stages, unknown } = pipelineLines(p, locale);
    return [...stages, unknown];
  });
  return { id: lineId, rows, columns: stageColumns(view.allPipelines, locale) };
}

type Href = string | undefined;

/** Where each count of one funnel leads (undefined on a share page). */
export interface PipelineLinks {
  lost: Href;
  won: Href;
  unknown: Href;
  openNow: Href;
  stages: { reached: Href; lostAt: Href; openNow: Href }[];
  cells: Href[];
}

export function pipelineLinks(p: StagesDto, drill: ((slice: Slice) => string) | null): PipelineLinks {
  const ps = pipelineSlices(p);
  const to = (slice: Slice) => drill?.(slice);
  return {
    lost: to(ps.lost),
    won: to(ps.won),
    unknown: to(ps.unknown),
    openNow: to(ps.openNow),
    stages: p.stages.map((s) => {
      const sl = stageSlices(s.stageId);
      return { reached: to(sl.reached), lostAt: to(sl.lostAt), openNow: to(sl.openNow) };
    }),
    cells: p.matrix.cells.map((c) => to(ps.cell(c))),
  };
}
