/**
 * Outgoing Bitrix24 events (bitrix24-api.md §10): a urlencoded POST naming a deal or comment. We verify
 * auth[application_token] against the portal's stored token (and the member id when we know it), answer at
 * once, and refresh just that deal in the background. Events carry no retries, so they are only hints: the
 * scheduled incremental sync and reconciliation remain the safety net.
 */
import { timingSafeEqual } from "node:crypto";
import { eq } from "drizzle-orm";
import qs from "qs";
import type { DbHandle } from "@/db";
import { portals } from "@/db/schema";
import { decryptSecret } from "@/lib/crypto";

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

export async function verifyEvent(handle: DbHandle, body: string): Promise<EventVerdict> {
  const parsed = qs.parse(body, { depth: 4 }) as {
    event?: string;
    data?: { FIELDS?: { ID?: string; ENTITY_ID?: string; ENTITY_TYPE?: string } };
    auth?: { domain?: string; member_id?: string; application_token?: string };
  };
  const event = String(parsed.event ?? "").toUpperCase();
  const token = parsed.auth?.application_token;
  const domain = parsed.auth?.domain;
  if (!event || !token || !domain) return { ok: false, status: 401, reason: "missing auth" };
  const [portal] = await handle.db.select().from(portals).where(eq(portals.domain, domain));
  if (!portal?.applicationTokenEnc) return { ok: false, status: 401, reason: "unknown portal" };
  if (!sameSecret(decryptSecret(portal.applicationTokenEnc), token))
    return { ok: false, status: 401, reason: "bad token" };
  if (portal.memberId && parsed.auth?.member_id !== portal.memberId)
    return { ok: false, status: 401, reason: "bad member id" };
  const id = Number(parsed.data?.FIELDS?.ID);
  if (!Number.isInteger(id)) return { ok: false, status: 400, reason: "no id" };
  if (DEAL_EVENTS.has(event)) return { ok: true, portalId: portal.id, dealId: id, commentId: null, event };
  if (COMMENT_EVENTS.has(event)) {
    const owner = Number(parsed.data?.FIELDS?.ENTITY_ID);
    return {
      ok: true,
      portalId: portal.id,
      dealId: Number.isInteger(owner) ? owner : null,
      commentId: id,
      event,
    };
  }
  return { ok: true, portalId: portal.id, dealId: null, commentId: null, event };
}
