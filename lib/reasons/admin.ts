/**
 * An admin's changes to the reason dictionary. Each runs in one transaction, under the facts' derive lock (a sync
 * never interleaves with it): change the map or the reasons, rewrite the affected deals' canonical reason in place
 * (applyReasonMap), bump the facts version so cached reports drop, and write the audit entry with before and after.
 */

import { sql } from "drizzle-orm";
import { type Database, type DbOrTx, queryRows, type Transaction } from "@/db";
import { auditLog } from "@/db/schema";
import { AppError, isUniqueViolation } from "@/lib/auth/errors";
import { DERIVE_LOCK } from "@/lib/facts/derive";
import { bumpFactsVersion } from "@/lib/facts/version";
import { type ReasonAdminError, reasonAdminError } from "@/lib/i18n/sections/reasons-admin";
import { applyReasonMap } from "./apply";
import { normaliseReasonName } from "./names";
import { assignReasonThemes } from "./theme";

export interface Actor {
  portalId: number;
  userId: number;
}

export const fail = (key: ReasonAdminError) =>
  new AppError(
    key === "nameTaken"
      ? "CONFLICT"
      : key === "sameReason" || key === "nothingToSplit"
        ? "VALIDATION"
        : "NOT_FOUND",
    reasonAdminError(key),
  );

interface Change<T> {
  result: T;
  /** Raw reasons whose canonical reason changed: their deals are rewritten. */
  rawKeys: string[];
  action: string;
  target: string;
  details: Record<string, unknown>;
}

/** One audited change of the dictionary, in one transaction. */
export async function changeDictionary<T>(
  db: Database,
  actor: Actor,
  fn: (tx: Transaction) => Promise<Change<T>>,
): Promise<T> {
  try {
    return await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${DERIVE_LOCK}, ${actor.portalId})`);
      const change = await fn(tx);
      await applyReasonMap(tx, actor.portalId, change.rawKeys);
      await bumpFactsVersion(tx, actor.portalId);
      await tx.insert(auditLog).values({
        actorUserId: actor.userId,
        action: change.action,
        target: change.target,
        details: { portalId: actor.portalId, ...change.details },
      });
      return change.result;
    });
  } catch (err) {
    // Two admins naming two reasons alike at once: the partial unique index decides, in words.
    if (isUniqueViolation(err)) throw fail("nameTaken");
    throw err;
  }
}

export interface LiveReason {
  id: number;
  name: string;
  themeId: number | null;
}

/** A live reason of the portal (not merged away), locked for the change, or a "not found" error. */
export async function liveReason(tx: DbOrTx, portalId: number, id: number): Promise<LiveReason> {
  const [row] = await queryRows<LiveReason>(
    tx,
    sql`select id, name, theme_id as "themeId" from loss_reasons
      where portal_id = ${portalId} and id = ${id} and merged_into is null for update`,
  );
  if (!row) throw fail("notFound");
  return row;
}

/** The raw reasons mapped onto a reason, in the dictionary's order. */
export async function rawKeysOf(tx: DbOrTx, portalId: number, reasonId: number): Promise<string[]> {
  const rows = await queryRows<{ k: string }>(
    tx,
    sql`select raw_key as k from loss_reason_map where portal_id = ${portalId} and reason_id = ${reasonId}
      order by raw_key`,
  );
  return rows.map((r) => r.k);
}

/** Normal forms of the live reasons' names (but one), to refuse a name that reads as an existing reason. */
export async function takenNames(tx: DbOrTx, portalId: number, except: number | null = null) {
  const rows = await queryRows<{ name: string }>(
    tx,
    sql`select name from loss_reasons where portal_id = ${portalId} and merged_into is null
      and id is distinct from ${except}`,
  );
  return new Set(rows.map((r) => normaliseReasonName(r.name)));
}

/** A trimmed name no live reason has (in normal form), or a "name taken" error. */
async function freeName(tx: DbOrTx, portalId: number, name: string, except: number | null = null) {
  const clean = name.replace(/\s+/g, " ").trim();
  if ((await takenNames(tx, portalId, except)).has(normaliseReasonName(clean))) throw fail("nameTaken");
  return clean;
}

/** Map a raw reason onto a reason (null: "not specified"); the admin's choice is kept across syncs. */
export function mapRawReason(db: Database, actor: Actor, rawKey: string, reasonId: number | null) {
  return changeDictionary(db, actor, async (tx) => {
    const [raw] = await queryRows<{ reasonId: number | null; label: string }>(
      tx,
      sql`select reason_id as "reasonId", raw_label as label from loss_reason_map
        where portal_id = ${actor.portalId} and raw_key = ${rawKey} for update`,
    );
    if (!raw) throw fail("rawNotFound");
    if (reasonId !== null) await liveReason(tx, actor.portalId, reasonId);
    await tx.execute(sql`update loss_reason_map set reason_id = ${reasonId}, source = 'admin', updated_at = now()
      where portal_id = ${actor.portalId} and raw_key = ${rawKey}`);
    return {
      result: { rawKey, reasonId },
      rawKeys: [rawKey],
      action: "reasons.map",
      target: rawKey,
      details: { rawLabel: raw.label, before: raw.reasonId, after: reasonId },
    };
  });
}

/** A new canonical reason (no raw reasons yet: the admin maps them onto it). */
export function createNamedReason(db: Database, actor: Actor, name: string) {
  return changeDictionary(db, actor, async (tx) => {
    const clean = await freeName(tx, actor.portalId, name);
    const [made] = await queryRows<{ id: number }>(
      tx,
      sql`insert into loss_reasons (portal_id, name) values (${actor.portalId}, ${clean}) returning id`,
    );
    const id = made?.id ?? 0;
    // Its theme guessed from the name, as for the reasons the first mapping creates (the admin may change it).
    await assignReasonThemes(tx, actor.portalId, [id]);
    return {
      result: { id },
      rawKeys: [],
      action: "reasons.create",
      target: `r:${id}`,
      details: { after: clean },
    };
  });
}

export function renameReason(db: Database, actor: Actor, id: number, name: string) {
  return changeDictionary(db, actor, async (tx) => {
    const before = await liveReason(tx, actor.portalId, id);
    const clean = await freeName(tx, actor.portalId, name, id);
    await tx.execute(sql`update loss_reasons set name = ${clean}, updated_at = now()
      where portal_id = ${actor.portalId} and id = ${id}`);
    return {
      result: { id, name: clean },
      rawKeys: await rawKeysOf(tx, actor.portalId, id),
      action: "reasons.rename",
      target: `r:${id}`,
      details: { before: before.name, after: clean },
    };
  });
}

/** The theme a reason is about (null: none); loss capture quality reads it to tell a contradicting comment. */
export function setReasonTheme(db: Database, actor: Actor, id: number, themeId: number | null) {
  return changeDictionary(db, actor, async (tx) => {
    const before = await liveReason(tx, actor.portalId, id);
    if (themeId !== null) {
      const [theme] = await queryRows<{ id: number }>(
        tx,
        sql`select id from themes where portal_id = ${actor.portalId} and id = ${themeId}`,
      );
      if (!theme) throw fail("themeNotFound");
    }
    await tx.execute(sql`update loss_reasons set theme_id = ${themeId}, updated_at = now()
      where portal_id = ${actor.portalId} and id = ${id}`);
    return {
      result: { id, themeId },
      rawKeys: [],
      action: "reasons.theme",
      target: `r:${id}`,
      details: { before: before.themeId, after: themeId },
    };
  });
}
