/**
 * Every count the Stages report shows, with the drill-down slice its link opens — one list used by the page,
 * the chart and the tests, so that "each count equals the deals its link opens" is checked on what is drawn.
 * Stage ids are unique within a portal, so a stage's slice needs no pipeline; the unknown stage, won and open
 * totals carry the pipeline, since with every pipeline shown each funnel has its own.
 */
import { REASON_NONE, STAGE_UNKNOWN } from "@/lib/url-state/filters";
import type { Slice } from "@/lib/url-state/slice";
import type { MatrixCell, StagesDto } from "./stages";

export interface StageSlices {
  reached: Slice;
  lostAt: Slice;
  openNow: Slice;
}

export const stageSlices = (stageId: string): StageSlices => ({
  reached: { reached: stageId },
  lostAt: { stage: stageId },
  openNow: { current: stageId, outcome: "open" },
});

export const pipelineSlices = (
  p: StagesDto,
): { lost: Slice; unknown: Slice; won: Slice; openNow: Slice; cell: (c: MatrixCell) => Slice } => ({
  lost: { outcome: "lost", pipeline: p.pipelineId },
  unknown: { stage: STAGE_UNKNOWN, pipeline: p.pipelineId },
  won: { outcome: "won", pipeline: p.pipelineId },
  openNow: { outcome: "open", pipeline: p.pipelineId, basis: "none" },
  cell: (c: MatrixCell): Slice => ({
    stage: c.stageId ?? STAGE_UNKNOWN,
    reason: c.reasonKey ?? REASON_NONE,
    pipeline: p.pipelineId,
  }),
});

/** Each number of one funnel (what it is, the count, the slice behind it), zeros included. */
export function funnelCounts(p: StagesDto): { what: string; count: number; slice: Slice }[] {
  const ps = pipelineSlices(p);
  return [
    { what: "lost", count: p.totals.lostDeals, slice: ps.lost },
    { what: "won", count: p.won.count, slice: ps.won },
    { what: "unknown", count: p.unknown.lostAt, slice: ps.unknown },
    { what: "openNow", count: p.openNow, slice: ps.openNow },
    ...p.stages.flatMap((s) => {
      const sl = stageSlices(s.stageId);
      return [
        { what: `reached ${s.stageId}`, count: s.reached, slice: sl.reached },
        { what: `lostAt ${s.stageId}`, count: s.lostAt, slice: sl.lostAt },
        { what: `openNow ${s.stageId}`, count: s.openNow, slice: sl.openNow },
      ];
    }),
    ...p.matrix.cells.map((c) => ({
      what: `cell ${c.reasonKey} × ${c.stageId}`,
      count: c.lostDeals,
      slice: ps.cell(c),
    })),
  ];
}
