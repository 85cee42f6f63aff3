/**
 * Event-driven refresh of one deal: its record, stage history, activities and comments in one batch request,
 * then its facts. A deal the portal no longer has is removed with everything hanging off it.
 */
import { and, eq } from "drizzle-orm";
import type { DbHandle, DbOrTx } from "@/db";
import {
  activities,
  comments,
  dealFacts,
  dealStageSpans,
  deals,
  type portals,
  stageHistory,
} from "@/db/schema";
import { rowsFromResult, type WireRow } from "@/lib/bitrix24/list";
import { deriveFacts } from "@/lib/facts/derive";
import { invalidateMonthlyFacts } from "@/lib/facts/monthly";
import { factsOptionsFor } from "@/lib/facts/options";
import { bumpFactsVersion } from "@/lib/facts/version";
import { clientForPortal } from "@/lib/portals";
import { parseComments, replaceComments } from "./comments";
import { activitiesDef, dealFieldComments, dealsDef, stageHistoryDef } from "./entities";
import { clearQuarantine, QuarantineBox } from "./quarantine";
import { upsertRows } from "./upsert";

export async function refreshDeal(handle: DbHandle, portal: typeof portals.$inferSelect, dealId: number) {
  const { db } = handle;
  const client = clientForPortal(portal, { db });
  const res = await client.batch({
    deal: { method: "crm.deal.get", params: { id: dealId } },
    history: {
      method: "crm.stagehistory.list",
      params: { entityTypeId: 2, filter: { OWNER_ID: dealId }, order: { ID: "ASC" } },
    },
    activities: {
      method: "crm.activity.list",
      params: { filter: { OWNER_TYPE_ID: 2, OWNER_ID: dealId }, select: activitiesDef.spec.params?.select },
    },
    comments: {
      method: "crm.timeline.comment.list",
      params: { filter: { ENTITY_ID: dealId, ENTITY_TYPE: "deal" }, order: { ID: "ASC" } },
    },
  });
  if (res.error.deal) {
    await db.transaction((tx) => deleteDeal(tx, portal.id, dealId));
    return { deleted: true };
  }
  const parsed = parseDeal(portal.id, res.result);
  await db.transaction((tx) => storeDeal(tx, portal, dealId, parsed));
  // An event brings one deal, not reference data: other deals' reason labels stand.
  await deriveFacts(db, portal.id, await factsOptionsFor(db, portal), [dealId], { relabel: false });
  return { deleted: false };
}

/** A deal the portal no longer has, with everything hanging off it. */
async function deleteDeal(tx: DbOrTx, portalId: number, dealId: number) {
  await tx.delete(deals).where(and(eq(deals.portalId, portalId), eq(deals.bitrixId, dealId)));
  await tx
    .delete(stageHistory)
    .where(and(eq(stageHistory.portalId, portalId), eq(stageHistory.dealId, dealId)));
  await tx.delete(comments).where(and(eq(comments.portalId, portalId), eq(comments.dealId, dealId)));
  await tx.delete(dealFacts).where(and(eq(dealFacts.portalId, portalId), eq(dealFacts.dealId, dealId)));
  // Reports read deal_facts, not the stale monthly aggregate, until the next deriveFacts rebuilds it.
  await invalidateMonthlyFacts(tx, portalId);
  // And cached report results computed with the deleted deal are dropped: the data version moves on.
  await bumpFactsVersion(tx, portalId);
  await tx
    .delete(dealStageSpans)
    .where(and(eq(dealStageSpans.portalId, portalId), eq(dealStageSpans.dealId, dealId)));
  await tx
    .delete(activities)
    .where(
      and(eq(activities.portalId, portalId), eq(activities.ownerTypeId, 2), eq(activities.ownerId, dealId)),
    );
}

/** The batch's records, parsed; a malformed one goes to quarantine (one live entry per record, quarantine.ts). */
function parseDeal(portalId: number, result: Record<string, unknown>) {
  // An event refresh has no run id.
  const box = new QuarantineBox(portalId, null);
  const parse = <R>(
    def: {
      name: string;
      parse: (p: number, raw: WireRow) => { ok: true; row: R } | { ok: false; reason: string };
    },
    rows: WireRow[],
  ) =>
    rows.flatMap((raw) => {
      const p = def.parse(portalId, raw);
      if (p.ok) return [p.row];
      box.add(def.name, raw, p.reason, raw.ID);
      return [];
    });
  const deal = parse(dealsDef, [result.deal as WireRow])[0];
  const history = parse(stageHistoryDef, rowsFromResult(result.history, "items"));
  const acts = parse(activitiesDef, rowsFromResult(result.activities));
  const keep: number[] = [];
  const timeline = parseComments(portalId, rowsFromResult(result.comments), (raw, reason) => {
    const id = (raw as { ID?: unknown })?.ID;
    if (/^\d{1,9}$/.test(String(id))) keep.push(Number(id));
    box.add("comments", raw, reason, id);
  });
  return { box, deal, history, acts, timeline, keep };
}

/** The deal's record, stage history, activities and comments, replacing what was stored. */
async function storeDeal(
  tx: DbOrTx,
  portal: typeof portals.$inferSelect,
  dealId: number,
  { box, deal, history, acts, timeline, keep }: ReturnType<typeof parseDeal>,
) {
  if (deal) {
    await upsertRows(tx, deals, [deal], [deals.portalId, deals.bitrixId]);
    await clearQuarantine(tx, portal.id, "deals", [dealId]);
    await tx
      .delete(comments)
      .where(
        and(eq(comments.portalId, portal.id), eq(comments.dealId, dealId), eq(comments.source, "deal_field")),
      );
    await upsertRows(tx, comments, dealFieldComments(portal.id, deal, portal.settings.lossCommentField), [
      comments.portalId,
      comments.source,
      comments.bitrixId,
    ]);
  }
  await tx
    .delete(stageHistory)
    .where(and(eq(stageHistory.portalId, portal.id), eq(stageHistory.dealId, dealId)));
  await upsertRows(tx, stageHistory, history, [stageHistory.portalId, stageHistory.bitrixId]);
  await upsertRows(tx, activities, acts, [activities.portalId, activities.bitrixId]);
  await replaceComments(tx, portal.id, [dealId], timeline, keep);
  await box.flush(tx);
}
