/**
 * The timeline-comment pass. crm.timeline.comment.list reads exactly one ENTITY_ID per call and ignores every
 * other filter key (no created-since, no id cursor, no several deals: the portal's innerGetList, see
 * emulator/README.md), and adding a comment does not touch the deal (CommentEntry::create writes the timeline
 * alone), so comments cannot be listed "changed since": one command per deal, 50 per request, is the floor.
 * A full run reads the comments of every deal in scope (lost deals, or all with `commentsForAllDeals`). An
 * incremental run reads those of the deals it changed (newly lost ones among them), of deals with quarantined
 * comments, and of a rolling window of the other deals in scope (`sweep` deals per run, resuming after the
 * last one next time), so a comment added to a deal that did not change arrives within ceil(deals in scope /
 * sweep) runs; a comment event (events.ts) brings it at once, but events are not retried, so the sweep stays.
 */
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { type DbHandle, textArray } from "@/db";
import { deals, quarantine } from "@/db/schema";
import type { Bitrix24Client } from "@/lib/bitrix24/client";
import { oneAhead } from "./ahead";
import { fetchComments, replaceComments } from "./comments";
import { readCursor, type SyncMode, writeCursor } from "./cursors";
import type { EntityProgress } from "./entity-pass";
import { clearQuarantine, dealsWithQuarantinedComments, type QuarantineBox } from "./quarantine";

/** Deals whose comments an incremental run re-reads beyond the ones it changed: 50 requests' worth. */
export const COMMENT_SWEEP_DEALS = 2_500;

export interface CommentPlan {
  mode: SyncMode;
  epoch: string;
  /** The sweep resumes after this deal id (from the last finished run's watermark). */
  sweepAfter: number;
  sweep: number;
}

interface CommentContext {
  portalId: number;
  client: Bitrix24Client;
  allDeals: boolean;
  box: QuarantineBox;
  signal: AbortSignal;
  report: (tx: DbOrTx, entity: string, p: EntityProgress) => Promise<void>;
}

/** The deal ids this run reads comments for, ascending, and where the next run's sweep starts. */
async function plannedDeals(
  handle: DbHandle,
  plan: CommentPlan,
  ctx: CommentContext,
): Promise<{ ids: number[]; sweepEnd: number }> {
  const { db } = handle;
  const inScope = [eq(deals.portalId, ctx.portalId)];
  if (!ctx.allDeals) inScope.push(eq(deals.stageSemantic, "F"));
  const scoped = async (extra?: ReturnType<typeof sql>, limit?: number) => {
    const q = db
      .select({ id: deals.bitrixId })
      .from(deals)
      .where(and(...inScope, extra))
      .orderBy(deals.bitrixId);
    return (limit ? await q.limit(limit) : await q).map((r) => r.id);
  };
  if (plan.mode === "full") return { ids: await scoped(), sweepEnd: 0 };
  const changed = await scoped(sql`${deals.syncedAt} >= ${new Date(plan.epoch)}`);
  let window = await scoped(sql`${deals.bitrixId} > ${plan.sweepAfter}`, plan.sweep);
  if (window.length < plan.sweep) {
    // Wrap around to the lowest ids.
    const more = await scoped(sql`${deals.bitrixId} <= ${plan.sweepAfter}`, plan.sweep - window.length);
    window = [...window, ...more];
  }
  const sweepEnd = window.length < plan.sweep ? 0 : (window.at(-1) ?? 0);
  const quarantined = await dealsWithQuarantinedComments(db, ctx.portalId);
  const ids = [...new Set([...changed, ...window, ...quarantined])].sort((a, b) => a - b);
  return { ids, sweepEnd };
}

interface FetchedChunk {
  chunk: number[];
  rows: Awaited<ReturnType<typeof fetchComments>>;
  /** Comments served malformed: quarantined when the chunk is stored, in its transaction. */
  rejected: { raw: unknown; reason: string; id: unknown }[];
}

/** Deals whose comments are stored in one transaction (ten requests' worth), with one cursor. */
const STORE_DEALS = 500;

/**
 * The comments of `ids`, 50 deals per request, in order, yielded 500 deals at a time: a transaction per
 * request (its cursor, progress row, quarantine checks and commit) took 8.5 s of a 41 s full sync of 20k deals
 * (`npm run bench:sync`, loaded machine). A run killed mid-way reads at most those 500 deals again. The caller
 * reads one group ahead of its writes.
 */
async function* commentChunks(ids: number[], ctx: CommentContext): AsyncGenerator<FetchedChunk> {
  for (let i = 0; i < ids.length; i += STORE_DEALS) {
    const group: FetchedChunk = { chunk: [], rows: [], rejected: [] };
    const end = Math.min(i + STORE_DEALS, ids.length);
    for (let k = i; k < end; k += 50) {
      ctx.signal.throwIfAborted();
      const chunk = ids.slice(k, Math.min(k + 50, end));
      const rows = await fetchComments(ctx.client, ctx.portalId, chunk, (raw, reason) =>
        group.rejected.push({ raw, reason, id: (raw as { ID?: unknown })?.ID }),
      );
      group.chunk.push(...chunk);
      group.rows.push(...rows);
    }
    yield group;
  }
}

/** Stores a group's comments in place of what we had for those deals. */
async function storeChunk(tx: DbOrTx, f: FetchedChunk, ctx: CommentContext): Promise<void> {
  const { portalId } = ctx;
  const bad: number[] = [];
  for (const r of f.rejected) {
    if (/^\d{1,9}$/.test(String(r.id))) bad.push(Number(r.id));
    ctx.box.add("comments", r.raw, r.reason, r.id);
  }
  const stored = await replaceComments(tx, portalId, f.chunk, f.rows, bad, (row, reason) =>
    ctx.box.add("comments", row.raw, reason, row.bitrixId),
  );
  await clearQuarantine(
    tx,
    portalId,
    "comments",
    stored.map((c) => c.bitrixId),
  );
  // Entries of these deals' comments that were not served again are gone from the portal.
  await tx
    .delete(quarantine)
    .where(
      and(
        eq(quarantine.portalId, portalId),
        eq(quarantine.entity, "comments"),
        sql`${quarantine.payload}->>'ENTITY_ID' = any(${textArray(f.chunk.map(String))}::text[])`,
        sql`not (${quarantine.bitrixId} = any(${textArray(bad.map(String))}::text[]))`,
      ),
    );
  await ctx.box.flush(tx);
}

/** Returns where the next incremental run's sweep starts. */
export async function syncComments(
  handle: DbHandle,
  plan: CommentPlan,
  ctx: CommentContext,
): Promise<number> {
  const { db } = handle;
  const { portalId } = ctx;
  const cursor = await readCursor<{
    lastDealId: number;
    done: boolean;
    pages: number;
    rows: number;
    sweepEnd?: number;
  }>(db, portalId, "comments");
  const planned = await plannedDeals(handle, plan, ctx);
  if (cursor?.done) return cursor.sweepEnd ?? planned.sweepEnd;
  const ids = planned.ids.filter((id) => id > (cursor?.lastDealId ?? 0));
  let pages = cursor?.pages ?? 0;
  let rows = cursor?.rows ?? 0;
  const total = ids.length + (cursor?.rows ?? 0);
  for await (const fetched of oneAhead(commentChunks(ids, ctx))) {
    ctx.signal.throwIfAborted();
    pages += Math.ceil(fetched.chunk.length / 50);
    rows += fetched.chunk.length;
    await db.transaction(async (tx) => {
      await storeChunk(tx, fetched, ctx);
      await writeCursor(tx, portalId, "comments", plan.mode, {
        lastDealId: fetched.chunk.at(-1),
        done: false,
        pages,
        rows,
      });
      await ctx.report(tx, "comments", { pages, rows, total });
    });
  }
  await writeCursor(db, portalId, "comments", plan.mode, {
    lastDealId: ids.at(-1) ?? 0,
    done: true,
    pages,
    rows,
    sweepEnd: planned.sweepEnd,
  });
  return planned.sweepEnd;
}
