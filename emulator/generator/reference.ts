/** Reference data of the demo portal: pipelines and stages, dictionaries, currencies, deal user fields. */
import type { WireRecord } from "../snapshot";
import type { Rng } from "./random";
import { currencies, dealUserFields, dictionaryRows, SOURCES } from "./reference-fields";
import { keyAccountsPipeline, StageTable, salesPipeline, tenderPipeline } from "./reference-stages";

export type Semantic = "P" | "S" | "F";

/** Loss reason codes: what really happened to a lost deal (drives the recorded reason and the comment). */
export const REASON = {
  price: 0,
  competitor: 1,
  budget: 2,
  noResponse: 3,
  productFit: 4,
  postponed: 5,
  decision: 6,
  /** Not a lead at all: a duplicate, a wrong number, a job seeker. */
  notTarget: 7,
  /** A reason the field does not list (trust, terms, service) or none given: «Другое». */
  other: 8,
} as const;
export const REASON_COUNT = 9;

export interface StageDef {
  /** Index in the global stage table. */
  index: number;
  statusId: string;
  name: string;
  nameInit: string;
  sort: number;
  semantic: Semantic;
  categoryId: number;
  categoryStr: string;
  color: string;
  system: boolean;
}

export interface PipelineDef {
  id: number;
  name: string;
  sort: number;
  process: StageDef[];
  won: StageDef;
  lose: StageDef;
  apology: StageDef;
  /** Share of generic losses closed in `apology` rather than `lose` (pipelines without failByReason). */
  apologyShare: number;
  /** Failure stage per reason code (pipelines that encode the reason in the stage). */
  failByReason: StageDef[] | null;
  /** Share of lost deals whose manager fills the reason field. */
  reasonFieldShare: number;
  /** Median days spent in each process stage before the next move. */
  dwellDays: number[];
  /** Base probability of losing the deal at each process stage. */
  lossProb: number[];
  amountMul: number;
}

export interface Reference {
  stages: StageDef[];
  pipelines: PipelineDef[];
  statusRows: WireRecord[];
  categoryRows: WireRecord[];
  currencyRows: WireRecord[];
  userFieldRows: WireRecord[];
  reasonField: string;
  competitorField: string;
  /** Option ID per reason code ("" for none) of the reason field. */
  reasonOptionIds: string[];
  sourceIds: string[];
  sourceWeights: number[];
  rates: Record<string, number>;
}

const UC = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

export function buildReference(rng: Rng, withThirdPipeline: boolean, currencyUpdated: string): Reference {
  const statusRows = dictionaryRows();
  const table = new StageTable(statusRows, statusRows.length + 1);
  const ucId = () => `UC_${rng.token(6, UC)}`;
  const pipelines = [salesPipeline(table, ucId), keyAccountsPipeline(table, ucId)];
  if (withThirdPipeline) pipelines.push(tenderPipeline(table, ucId));

  const categoryRows: WireRecord[] = pipelines.map((p) => ({
    id: p.id,
    name: p.name,
    sort: p.sort,
    entityTypeId: 2,
    isDefault: p.id === 0 ? "Y" : "N",
    originId: "",
    originatorId: "",
  }));
  const { rates, currencyRows } = currencies(currencyUpdated);
  const fields = dealUserFields(rng);

  return {
    stages: table.stages,
    pipelines,
    statusRows,
    categoryRows,
    currencyRows,
    userFieldRows: fields.userFieldRows,
    reasonField: fields.reasonField,
    competitorField: fields.competitorField,
    reasonOptionIds: fields.reasonOptionIds,
    sourceIds: SOURCES.map((s) => s[0]),
    sourceWeights: SOURCES.map((s) => s[2]),
    rates,
  };
}
