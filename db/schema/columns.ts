import { integer, jsonb, timestamp } from "drizzle-orm/pg-core";

/** Every synced row carries its portal and the record's own id in Bitrix24; together they are the key. */
export const portalId = () => integer("portal_id").notNull();

export const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** The record exactly as the portal sent it, kept beside the typed columns for re-derivation and audit. */
export const raw = () => jsonb("raw").$type<Record<string, unknown>>().notNull();

export const syncedAt = () => timestamptz("synced_at").notNull().defaultNow();
