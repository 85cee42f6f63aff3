/**
 * The drill-down's URL state: the clicked slice (`d_*` keys, beside the filters) and the sort keys its table
 * offers. Parsed strictly but forgivingly, like the filters: a bad value is no slice key at all.
 */
import { z } from "zod";
import { QUADRANTS } from "@/lib/analytics/strategies";
import { idString } from "@/lib/params";
import { CAPTURE_PARTS } from "@/lib/reasons/capture";
import { SLICE_FIELDS, SLICE_PREFIX, type SliceField } from "./keys";
import { firstParam, type ParamsInput } from "./params";

const flag = z.enum(["1", "true", "0", "false"]).transform((v) => v === "1" || v === "true");
const opt = <T extends z.ZodType>(t: T) => t.optional().catch(undefined);

export const sliceSchema = z.object({
  /** Lost at this stage ("unknown" = lost at unknown stage). */
  stage: opt(z.string().regex(/^[A-Za-z0-9_:.-]{1,64}$/)),
  /** Reached this stage (within the stage's own pipeline), among deals closed in the period. */
  reached: opt(z.string().regex(/^[A-Za-z0-9_:.-]{1,64}$/)),
  /** Open deals standing in this stage now (the Stages report's "open now"); by default not filtered by period. */
  current: opt(z.string().regex(/^[A-Za-z0-9_:.-]{1,64}$/)),
  /** Deals of this pipeline (a funnel's won, unknown-stage and open counts when every pipeline is shown). */
  pipeline: opt(z.union([z.literal("0").transform(() => 0), idString])),
  /** Lost for this canonical reason ("r:<id>"; "none" = not specified). */
  reason: opt(z.string().regex(/^(none|r:\d{1,9})$/)),
  /** Lost with this raw reason (a failure stage or an option of the reason field; "none" = no raw reason). */
  raw: opt(z.string().regex(/^(none|(stage|field):[^,\s\p{Cc}]{1,100})$/u)),
  /** Lost with this loss-capture problem (lib/reasons/capture.ts), or "ok" for none of them. */
  capture: opt(z.enum([...CAPTURE_PARTS, "ok"])),
  /** Responsible user id, or 0 for deals with none. */
  manager: opt(z.union([z.literal("0").transform(() => 0), idString])),
  outcome: opt(z.enum(["won", "lost", "open", "closed"])),
  quadrant: opt(z.enum(QUADRANTS)),
  priorWin: opt(flag),
  /** Deals of clients with both won and lost deals in view. */
  bothOutcomes: opt(flag),
  /** Local month YYYY-MM or week (its Monday, YYYY-MM-DD) of the close/loss date. */
  month: opt(z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/)),
  week: opt(z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/)),
  /** Period basis; by default "worked" for quadrants and open deals, else the close (= loss) date. */
  basis: opt(z.enum(["loss", "closed", "worked", "none"])),
  /** One deal (a comment's card): still under the filters and the viewer's scope. */
  deal: opt(idString),
} satisfies Record<SliceField, z.ZodType>);
export type Slice = z.infer<typeof sliceSchema>;

export function parseSlice(params: ParamsInput): Slice {
  return sliceSchema.parse(
    Object.fromEntries(SLICE_FIELDS.map((k) => [k, firstParam(params, SLICE_PREFIX + k) ?? undefined])),
  );
}

export function serializeSlice(slice: Slice, into = new URLSearchParams()): URLSearchParams {
  for (const k of SLICE_FIELDS) {
    const v = slice[k];
    if (v === undefined) continue;
    into.set(SLICE_PREFIX + k, typeof v === "boolean" ? (v ? "1" : "0") : String(v));
  }
  return into;
}

export const DRILLDOWN_SORTS = [
  "date",
  "amount",
  "title",
  "manager",
  "stage",
  "reason",
  "client",
  "created",
  "id",
] as const;
export type DrilldownSort = (typeof DRILLDOWN_SORTS)[number];
