-- The rules the portal's facts were last derived by in full: facts derived by older rules (a CLOSEDATE-only close at
-- 00:00 UTC instead of the portal's local midnight) are re-derived whole by the next sync, not left until a full one.
ALTER TABLE "deal_facts_versions" ADD COLUMN "rules" integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
-- The base currency the portal's crm.currency.list marked (BASE "Y"), which the sync now keeps on the portal.
UPDATE "portals" p SET "base_currency" = c."bitrix_id" FROM "currencies" c WHERE c."portal_id" = p."id" AND c."is_base";
