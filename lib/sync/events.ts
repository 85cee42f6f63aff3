/**
 * Outgoing Bitrix24 events (bitrix24-api.md §10): a urlencoded POST naming a deal or comment. We verify
 * auth[application_token] against the portal's stored token (and the member id when we know it), answer at
 * once, and refresh just that deal in the background. Events carry no retries, so they are only hints: the
 * scheduled incremental sync and reconciliation remain the safety net.
 */
import { timingSafeEqual } from "node:crypto";
import { and, eq } from "drizzle-orm";
import qs from "qs";
import { z } from "zod";
import type { DbHandle } from "@/db";
import { comments, portals } from "@/db/schema";
import { decryptSecret } from "@/lib/crypto";
import { parseId, plainText } from "@/lib/params";
import { clientForPortal } from "@/lib/portals";

const DEAL_EVENTS = new Set([
  "ONCRMDEALADD",
  "ONCRMDEALUPDATE",
  "ONCRMDEALDELETE",
  "ONCRMDEALMOVETOCATEGORY",
]);
const COMMENT_EVENTS = new Set([
  "ONCRMTIMELINECOMMENTADD",
  "ONCRMTIMELINECOMMENTUPDATE",
  "ONCRMTIMELINECOMMENTDELETE",
]);

export type EventVerdict =
  | { ok: true; portalId: number; dealId: number | null; commentId: number | null; event: string }
  | { ok: false; status: 400 | 401; reason: string };

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The deal a comment event is about. The portal sends the comment's id alone (CCrmTimelineCommentRestProxy::
 * processEvent returns `FIELDS => [ID]`), so: the deal we stored the comment under (an update or a deletion,
 * when the portal can no longer say), else the portal's own answer (crm.timeline.comment.get names the entity
 * the comment is bound to) — one quick request; failing it, null: the comment sweep still brings it.
 */
async function commentDeal(
  handle: DbHandle,
  portal: typeof portals.$inferSelect,
  commentId: number,
): Promise<number | null> {
  const [stored] = await handle.db
    .select({ dealId: comments.dealId })
    .from(comments)
    .where(
      and(
        eq(comments.portalId, portal.id),
        eq(comments.source, "timeline"),
        eq(comments.bitrixId, commentId),
      ),
    );
  if (stored) return stored.dealId;
  try {
    const client = clientForPortal(portal, {
      db: handle.db,
      overrides: { maxRetries: 1, timeoutMs: 10_000 },
    });
    const { result } = await client.call<{ ENTITY_ID?: unknown; ENTITY_TYPE?: unknown }>(
      "crm.timeline.comment.get",
      { id: commentId },
    );
    if (String(result?.ENTITY_TYPE ?? "").toLowerCase() !== "deal") return null;
    return eventId(String(result?.ENTITY_ID ?? ""));
  } catch {
    return null;
  }
}

/**
 * The body is qs-parsed, so any field may arrive as an array or an object (`auth[application_token][a]=1`):
 * the parts we use are checked for shape first, and an id must fit the int4 columns it is looked up in.
 */
const eventBody = z.object({
  event: z.string().max(100).optional(),
  data: z
    .object({
      FIELDS: z.object({ ID: z.unknown().optional(), ENTITY_ID: z.unknown().optional() }).loose().optional(),
    })
    .loose()
    .optional()
    .catch(undefined),
  auth: z
    .object({
      domain: plainText(255).optional(),
      member_id: plainText(255).optional(),
      application_token: plainText(255).optional(),
    })
    .loose()
    .optional(),
});

const eventId = (v: unknown): number | null => (typeof v === "string" ? parseId(v) : null);

export async function verifyEvent(handle: DbHandle, body: string): Promise<EventVerdict> {
  const shaped = eventBody.safeParse(qs.parse(body, { depth: 4 }));
  if (!shaped.success) return { ok: false, status: 401, reason: "malformed auth" };
  const parsed = shaped.data;
  const event = (parsed.event ?? "").toUpperCase();
  const token = parsed.auth?.application_token;
  const domain = parsed.auth?.domain;
  if (!event || !token || !domain) return { ok: false, status: 401, reason: "missing auth" };
  const [portal] = await handle.db.select().from(portals).where(eq(portals.domain, domain));
  if (!portal?.applicationTokenEnc) return { ok: false, status: 401, reason: "unknown portal" };
  if (!sameSecret(decryptSecret(portal.applicationTokenEnc), token))
    return { ok: false, status: 401, reason: "bad token" };
  if (portal.memberId && parsed.auth?.member_id !== portal.memberId)
    return { ok: false, status: 401, reason: "bad member id" };
  const id = eventId(parsed.data?.FIELDS?.ID);
  if (id === null) return { ok: false, status: 400, reason: "no id" };
  if (DEAL_EVENTS.has(event)) return { ok: true, portalId: portal.id, dealId: id, commentId: null, event };
  if (COMMENT_EVENTS.has(event)) {
    const named = eventId(parsed.data?.FIELDS?.ENTITY_ID);
    return {
      ok: true,
      portalId: portal.id,
      dealId: named ?? (await commentDeal(handle, portal, id)),
      commentId: id,
      event,
    };
  }
  return { ok: true, portalId: portal.id, dealId: null, commentId: null, event };
}
