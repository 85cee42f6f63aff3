/**
 * crm.timeline.comment.list takes one deal at a time (bitrix24-api.md §9.1), so comments come 50 deals per
 * batch request; the rare deal with more than 50 comments gets its further pages in a follow-up batch.
 */
import { and, eq, inArray, notInArray } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { comments } from "@/db/schema";
import type { Bitrix24Client } from "@/lib/bitrix24/client";
import { batchCommandError } from "@/lib/bitrix24/errors";
import { rowsFromResult, type WireRow } from "@/lib/bitrix24/list";
import { commentWire, issueText } from "@/lib/bitrix24/wire";
import { toPlainText } from "@/lib/text";
import { upsertOrReject } from "./quarantine";

type CommentRow = typeof comments.$inferInsert;

const SELECT = ["ID", "ENTITY_ID", "ENTITY_TYPE", "CREATED", "COMMENT", "AUTHOR_ID"];

export async function fetchComments(
  client: Bitrix24Client,
  portalId: number,
  dealIds: number[],
  quarantine: (raw: unknown, reason: string) => void,
): Promise<CommentRow[]> {
  const cmd = (dealId: number, start = 0) => ({
    method: "crm.timeline.comment.list",
    params: {
      filter: { ENTITY_ID: dealId, ENTITY_TYPE: "deal" },
      select: SELECT,
      order: { ID: "ASC" },
      start,
    },
  });
  const res = await client.batch(Object.fromEntries(dealIds.map((id) => [`d${id}`, cmd(id)])));
  const raws: WireRow[] = [];
  const more: Record<string, ReturnType<typeof cmd>> = {};
  for (const id of dealIds) {
    const err = res.error[`d${id}`];
    if (err) throw batchCommandError("crm.timeline.comment.list", err);
    raws.push(...rowsFromResult(res.result[`d${id}`]));
    const total = Number(res.total[`d${id}`] ?? 0);
    for (let start = 50; start < total; start += 50) more[`d${id}_${start}`] = cmd(id, start);
  }
  const extra = Object.entries(more);
  for (let i = 0; i < extra.length; i += 50) {
    const chunk = Object.fromEntries(extra.slice(i, i + 50));
    const r = await client.batch(chunk);
    for (const key of Object.keys(chunk)) {
      const err = r.error[key];
      if (err) throw batchCommandError("crm.timeline.comment.list", err);
      raws.push(...rowsFromResult(r.result[key]));
    }
  }
  return parseComments(portalId, raws, quarantine);
}

export function parseComments(
  portalId: number,
  raws: WireRow[],
  quarantine: (raw: unknown, reason: string) => void,
): CommentRow[] {
  const rows: CommentRow[] = [];
  for (const raw of raws) {
    const p = commentWire.safeParse(raw);
    if (!p.success) {
      quarantine(raw, issueText(p.error));
      continue;
    }
    const body = p.data.COMMENT ?? "";
    rows.push({
      portalId,
      source: "timeline",
      bitrixId: p.data.ID,
      dealId: p.data.ENTITY_ID,
      authorId: p.data.AUTHOR_ID,
      createdAt: p.data.CREATED,
      body,
      bodyText: toPlainText(body),
      raw,
      syncedAt: new Date(),
    });
  }
  return rows;
}

/**
 * Replaces the timeline comments of these deals, so comments deleted on the portal disappear here too; a
 * comment served malformed (`keep`: its id) keeps its last good copy. Rows the database refuses go to `reject`.
 */
export async function replaceComments(
  tx: DbOrTx,
  portalId: number,
  dealIds: number[],
  rows: CommentRow[],
  keep: number[] = [],
  reject: (row: CommentRow, reason: string) => void = () => {},
): Promise<CommentRow[]> {
  if (dealIds.length === 0) return [];
  await tx
    .delete(comments)
    .where(
      and(
        eq(comments.portalId, portalId),
        eq(comments.source, "timeline"),
        inArray(comments.dealId, dealIds),
        keep.length ? notInArray(comments.bitrixId, keep) : undefined,
      ),
    );
  return upsertOrReject(tx, comments, rows, [comments.portalId, comments.source, comments.bitrixId], reject);
}
