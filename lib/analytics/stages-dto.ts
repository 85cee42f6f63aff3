/**
 * The Stages report's shapes, and one pipeline's funnel built from the counts the queries return
 * (lib/analytics/stages.ts): reached, lost at, both loss shares, drop-off, conversion, medians, open now.
 */
import { ratio, round } from "@/lib/stats";

/** A funnel step in umami's shape (`count` = reached; `dropped`/`dropoff` against the previous step). */
export interface FunnelStep {
  count: number;
  previous: number | null;
  dropped: number | null;
  dropoff: number | null;
}

export interface StageRow extends FunnelStep {
  stageId: string;
  name: string;
  sort: number;
  /** Deals that stood in this stage or a later one (success included) — DESIGN.md "reached stage S". */
  reached: number;
  lostAt: number;
  lostMoney: number;
  /** lost at S / all lost of the pipeline, in deals and in money. */
  lossShare: number | null;
  lossShareMoney: number | null;
  /** lost at S / all lost in view (every pipeline shown), in deals and in money. */
  lossShareOfAll: number | null;
  lossShareMoneyOfAll: number | null;
  /** DESIGN.md drop-off rate: lost at S / reached S. */
  dropOffRate: number | null;
  /** reached next / reached S; the last process stage converts to won. */
  conversionToNext: number | null;
  /** Median days lost deals spent in this stage (all lost deals that stood in it). */
  medianDaysBeforeLoss: number | null;
  /** Median days the deals lost at this stage spent in it before the loss. */
  medianDaysLostAt: number | null;
  /** Open deals of the pipeline standing in this stage now (not filtered by the period). */
  openNow: number;
}

export interface MatrixCell {
  /** null = not specified. */
  reasonKey: string | null;
  /** null = unknown stage. */
  stageId: string | null;
  lostDeals: number;
  lostMoney: number;
}

export interface Totals {
  closedDeals: number;
  wonDeals: number;
  lostDeals: number;
  lostMoney: number;
}

/** One pipeline's funnel. */
export interface StagesDto {
  pipelineId: number;
  pipelineName: string | null;
  totals: Totals;
  /** This pipeline's lost deals / money as a share of all lost in view. */
  shareOfAll: { lostDeals: number | null; lostMoney: number | null };
  stages: StageRow[];
  /** The success step after the last process stage. */
  won: FunnelStep;
  unknown: {
    lostAt: number;
    lostMoney: number;
    lossShare: number | null;
    lossShareMoney: number | null;
    lossShareOfAll: number | null;
    lossShareMoneyOfAll: number | null;
  };
  /** Open deals of the pipeline now, over all its stages. */
  openNow: number;
  matrix: {
    reasons: { reasonKey: string | null; label: string; lostDeals: number }[];
    stages: { stageId: string | null; name: string }[];
    cells: MatrixCell[];
  };
}

export interface StagesView {
  /** No pipeline chosen: `pipelines` holds every pipeline with deals in view (closed in the period or open). */
  allPipelines: boolean;
  /** Everything in view, over the pipelines shown. */
  totals: Totals;
  pipelines: StagesDto[];
  /** Pipelines of the portal with no deal in view (all-pipelines view only), named so none goes missing. */
  emptyPipelines: { pipelineId: number; name: string }[];
}

const step = (count: number, previous: number | null): FunnelStep => ({
  count,
  previous,
  dropped: previous === null ? null : previous - count,
  dropoff: previous === null ? null : ratio(previous - count, previous),
});

export interface StageDef {
  pipeline: number;
  id: string;
  name: string;
  sort: number;
  semantics: string;
}

export interface LostRow {
  g: number;
  pipeline: number | null;
  reason: string | null;
  label: string | null;
  stage: string | null;
  n: number;
  money: number;
}

/** The raw counts of one pipeline, as the queries return them. */
export interface PipelineCounts {
  id: number;
  name: string | null;
  stageRows: StageDef[];
  closed: number;
  won: number;
  reached: Map<string, number>;
  lost: LostRow[];
  spans: Map<string, { before_loss: number | null; lost_at: number | null }>;
  open: Map<string, number>;
}

/** One pipeline's funnel from its counts; `whole` = every lost deal in view, for the shares of all. */
export function pipelineDto(c: PipelineCounts, whole: { lost: number; money: number }): StagesDto {
  const all = c.lost.find((r) => r.g === 3);
  const t = { lost: all?.n ?? 0, money: all?.money ?? 0 };
  const unknownRow = c.lost.find((r) => r.g === 2 && r.stage === null);
  const unknown = { n: unknownRow?.n ?? 0, money: unknownRow?.money ?? 0 };
  const lostByStage = new Map(c.lost.filter((r) => r.g === 2 && r.stage !== null).map((r) => [r.stage, r]));
  const stageList = c.stageRows.filter((s) => s.semantics === "P");
  const reachedOf = (id: string | undefined) => (id === undefined ? 0 : (c.reached.get(id) ?? 0));
  const stages: StageRow[] = stageList.map((s, i) => {
    const reached = reachedOf(s.id);
    const lost = lostByStage.get(s.id)?.n ?? 0;
    const money = lostByStage.get(s.id)?.money ?? 0;
    const prev = i === 0 ? null : reachedOf(stageList[i - 1]?.id);
    const next = i + 1 < stageList.length ? reachedOf(stageList[i + 1]?.id) : c.won;
    const sp = c.spans.get(s.id);
    return {
      stageId: s.id,
      name: s.name,
      sort: s.sort,
      ...step(reached, prev),
      reached,
      lostAt: lost,
      lostMoney: round(money),
      lossShare: ratio(lost, t.lost),
      lossShareMoney: ratio(money, t.money),
      lossShareOfAll: ratio(lost, whole.lost),
      lossShareMoneyOfAll: ratio(money, whole.money),
      dropOffRate: ratio(lost, reached),
      conversionToNext: ratio(next, reached),
      medianDaysBeforeLoss: sp?.before_loss == null ? null : round(sp.before_loss, 2),
      medianDaysLostAt: sp?.lost_at == null ? null : round(sp.lost_at, 2),
      openNow: c.open.get(s.id) ?? 0,
    };
  });
  const matrix = c.lost.filter((r) => r.g === 0);
  const reasonTotals = new Map<string | null, { label: string; n: number }>();
  for (const m of matrix) {
    const r = reasonTotals.get(m.reason) ?? { label: m.label ?? m.reason ?? "", n: 0 };
    r.n += m.n;
    reasonTotals.set(m.reason, r);
  }
  const matrixStages = [
    ...stageList.map((s) => ({ stageId: s.id as string | null, name: s.name })),
    { stageId: null, name: "" },
  ];
  return {
    pipelineId: c.id,
    pipelineName: c.name,
    totals: { closedDeals: c.closed, wonDeals: c.won, lostDeals: t.lost, lostMoney: round(t.money) },
    shareOfAll: { lostDeals: ratio(t.lost, whole.lost), lostMoney: ratio(t.money, whole.money) },
    stages,
    won: step(c.won, stages.at(-1)?.reached ?? null),
    unknown: {
      lostAt: unknown.n,
      lostMoney: round(unknown.money),
      lossShare: ratio(unknown.n, t.lost),
      lossShareMoney: ratio(unknown.money, t.money),
      lossShareOfAll: ratio(unknown.n, whole.lost),
      lossShareMoneyOfAll: ratio(unknown.money, whole.money),
    },
    openNow: [...c.open.values()].reduce((a, n) => a + n, 0),
    matrix: {
      reasons: [...reasonTotals]
        .map(([reasonKey, r]) => ({ reasonKey, label: r.label, lostDeals: r.n }))
        .sort((a, b) => b.lostDeals - a.lostDeals || String(a.reasonKey).localeCompare(String(b.reasonKey))),
      stages: matrixStages.filter((s) => s.stageId !== null || unknown.n > 0),
      cells: matrix
        .map((m) => ({ reasonKey: m.reason, stageId: m.stage, lostDeals: m.n, lostMoney: round(m.money) }))
        .sort(
          (a, b) =>
            String(a.reasonKey).localeCompare(String(b.reasonKey)) ||
            String(a.stageId).localeCompare(String(b.stageId)),
        ),
    },
  };
}
