/**
 * Derives a portal's facts — deal_facts and the tables built from them (stage spans, stage days, client order,
 * the monthly aggregate) — per DESIGN.md §3 and docs/metrics.md, for all its deals or a set of changed deals.
 */
import { sql } from "drizzle-orm";
import type { Database, DbOrTx } from "@/db";
import { applyReasonMap } from "@/lib/reasons/apply";
import { mapUnseenReasons, syncReasonMap } from "@/lib/reasons/map";
import { tagComments } from "@/lib/themes/tagging";
import { clientsOf, deriveClientFlags } from "./client-flags";
import { rebuildClientOrder } from "./client-order";
import { deleteGoneFacts, runOf, writeDealFacts } from "./deal-facts";
import {
  type MonthlyPlan,
  monthlyPlan,
  portalOffsetMinutes,
  rebuildMonthlyFacts,
  touchedMonths,
} from "./monthly";
import type { FactsOptions } from "./options";
import { deriveSpans } from "./spans";
import { rebuildStageDays } from "./stage-days";
import { bumpFactsVersion, markFactsRulesCurrent } from "./version";

/** Key space of deriveFacts' per-portal advisory lock (pg_advisory_xact_lock(key, portal id)). */
export const DERIVE_LOCK = 0x4c4c4446; // "LLDF"

export async function deriveFacts(
  db: Database,
  portalId: number,
  opts: FactsOptions,
  dealIds: number[] | null,
  /**
   * `relabel: false` — the reference data (stages, pipelines, the reason field's options) did not change since
   * the last run, so other deals' reason labels stand (a one-deal event refresh fetches no reference data).
   */
  options: { relabel?: boolean } = {},
) {
  await db.transaction(async (tx) => {
    // One run per portal at a time (a scheduled sync, an event refresh, another server process): two runs that
    // delete and re-insert the same clients' rows would otherwise duplicate or collide on them.
    await tx.execute(sql`select pg_advisory_xact_lock(${DERIVE_LOCK}, ${portalId})`);
    if (dealIds === null) await deriveAll(tx, portalId, opts);
    else await deriveSome(tx, portalId, opts, dealIds, options.relabel !== false);
  });
  // Loss themes and competitor mentions of the same deals' comments (lib/themes).
  await tagComments(db, portalId, dealIds);
  // Once more after the comments' tags: a cached report (lib/facts/cache.ts) is keyed by this version.
  await bumpFactsVersion(db, portalId);
}

/** Every deal of the portal: the client columns are written with the facts, every derived table rebuilt. */
async function deriveAll(tx: DbOrTx, portalId: number, opts: FactsOptions) {
  await bulkSettings(tx);
  // A date field (CLOSEDATE) is a calendar date of the portal: it starts at local midnight in the portal's
  // offset, not at 00:00 UTC (19:00 of the day before on a UTC−5 portal, the wrong day and maybe month).
  const run = runOf(portalId, null, opts, await portalOffsetMinutes(tx, portalId));
  await deriveSpans(tx, portalId, null);
  // The facts read the reason map (lib/reasons): new failure stages and options are mapped first.
  await syncReasonMap(tx, portalId, opts);
  await writeDealFacts(tx, run);
  await applyReasonMap(tx, portalId, await mapUnseenReasons(tx, portalId, null));
  await deleteGoneFacts(tx, run);
  await rebuildStageDays(tx, portalId, null, []);
  await rebuildClientOrder(tx, portalId, null);
  await rebuildMonthlyFacts(tx, portalId);
  await bumpFactsVersion(tx, portalId);
  await markFactsRulesCurrent(tx, portalId);
}

/**
 * A full run sorts, hashes and joins whole tables: memory for that, for this transaction only (at the default 4 MB
 * every sort went to disk; at 1M deals the facts statement sorts about 400 MB at a time), and no JIT — the
 * planner's estimates for the joined aggregates run to billions of rows, so it compiled the facts statement's
 * expressions, which took seconds and saved nothing.
 */
async function bulkSettings(tx: DbOrTx) {
  await tx.execute(sql`set local work_mem = '512MB'`);
  await tx.execute(sql`set local jit = off`);
}

/**
 * A set of deals: their facts, then every deal of their clients (before and after the run) for the client
 * columns, and only the aggregate months they touch while the aggregate is complete.
 */
async function deriveSome(
  tx: DbOrTx,
  portalId: number,
  opts: FactsOptions,
  dealIds: number[],
  relabel: boolean,
) {
  // A partial run re-aggregates only the months its deals (and their clients' deals) sit in, before and after.
  // When the aggregates were invalidated (a deletion outside deriveFacts) it rebuilds every client-level table.
  const monthly: MonthlyPlan | null = await monthlyPlan(tx, portalId, dealIds);
  // The run's clients as the facts stand before it: a deal that leaves a client, or vanishes, changes its old
  // client's flags and order too.
  const clientsBefore = monthly ? await clientsOf(tx, portalId, dealIds) : null;
  const run = runOf(portalId, dealIds, opts, monthly?.mins ?? (await portalOffsetMinutes(tx, portalId)));
  await deriveSpans(tx, portalId, dealIds);
  // New failure stages and options are mapped, and the other deals' raw labels follow renamed stages, pipelines
  // and options (the run labels its own deals).
  if (relabel) await applyReasonMap(tx, portalId, await syncReasonMap(tx, portalId, opts));
  await writeDealFacts(tx, run);
  await applyReasonMap(tx, portalId, await mapUnseenReasons(tx, portalId, dealIds));
  // Facts of deals that no longer exist (their months, too, are re-aggregated).
  const goneMonths = await deleteGoneFacts(tx, run);
  // The clients whose deals' client-level columns the run may change (null: every client).
  const clients = clientsBefore
    ? [...new Set([...clientsBefore, ...(await clientsOf(tx, portalId, dealIds))])]
    : null;
  await deriveClientFlags(tx, portalId, clients ? { clientKeys: clients, dealIds } : null);
  await rebuildStageDays(tx, portalId, clients === null ? null : dealIds, clients ?? []);
  await rebuildClientOrder(tx, portalId, clients);
  if (monthly) {
    const after = await touchedMonths(tx, portalId, dealIds, monthly.mins);
    await rebuildMonthlyFacts(tx, portalId, [...new Set([...monthly.before, ...after, ...goneMonths])]);
  } else await rebuildMonthlyFacts(tx, portalId);
  await bumpFactsVersion(tx, portalId);
}
