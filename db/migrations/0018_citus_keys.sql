-- Keys ready for Citus, distributed by portal_id (docs/scaling.md, "Sharding by portal on Citus"): every tenant
-- table's primary key, unique keys and foreign keys between tenant tables hold portal_id. The serial ids stay (their
-- sequences keep them unique); the keys just lead with the portal. Foreign keys that held ON DELETE SET NULL become
-- NO ACTION (Citus refuses SET NULL on a key holding the distribution column): the code clears them before a delete.
ALTER TABLE "loss_reason_map" DROP CONSTRAINT "loss_reason_map_reason_id_loss_reasons_id_fk";--> statement-breakpoint
ALTER TABLE "loss_reason_rejections" DROP CONSTRAINT "loss_reason_rejections_reason_a_loss_reasons_id_fk";--> statement-breakpoint
ALTER TABLE "loss_reason_rejections" DROP CONSTRAINT "loss_reason_rejections_reason_b_loss_reasons_id_fk";--> statement-breakpoint
ALTER TABLE "loss_reasons" DROP CONSTRAINT "loss_reasons_theme_id_themes_id_fk";--> statement-breakpoint
ALTER TABLE "loss_reasons" DROP CONSTRAINT "loss_reasons_merged_into_loss_reasons_id_fk";--> statement-breakpoint
ALTER TABLE "comment_competitors" DROP CONSTRAINT "comment_competitors_competitor_id_competitors_id_fk";--> statement-breakpoint
ALTER TABLE "comment_theme_overrides" DROP CONSTRAINT "comment_theme_overrides_theme_id_themes_id_fk";--> statement-breakpoint
ALTER TABLE "comment_themes" DROP CONSTRAINT "comment_themes_theme_id_themes_id_fk";--> statement-breakpoint
ALTER TABLE "themes" DROP CONSTRAINT "themes_pkey";--> statement-breakpoint
ALTER TABLE "themes" ADD CONSTRAINT "themes_portal_id_id_pk" PRIMARY KEY ("portal_id", "id");--> statement-breakpoint
ALTER TABLE "competitors" DROP CONSTRAINT "competitors_pkey";--> statement-breakpoint
ALTER TABLE "competitors" ADD CONSTRAINT "competitors_portal_id_id_pk" PRIMARY KEY ("portal_id", "id");--> statement-breakpoint
ALTER TABLE "loss_reasons" DROP CONSTRAINT "loss_reasons_pkey";--> statement-breakpoint
ALTER TABLE "loss_reasons" ADD CONSTRAINT "loss_reasons_portal_id_id_pk" PRIMARY KEY ("portal_id", "id");--> statement-breakpoint
ALTER TABLE "sync_runs" DROP CONSTRAINT "sync_runs_pkey";--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_portal_id_id_pk" PRIMARY KEY ("portal_id", "id");--> statement-breakpoint
ALTER TABLE "quarantine" DROP CONSTRAINT "quarantine_pkey";--> statement-breakpoint
ALTER TABLE "quarantine" ADD CONSTRAINT "quarantine_portal_id_id_pk" PRIMARY KEY ("portal_id", "id");--> statement-breakpoint
ALTER TABLE "share_links" DROP CONSTRAINT "share_links_pkey";--> statement-breakpoint
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_portal_id_id_pk" PRIMARY KEY ("portal_id", "id");--> statement-breakpoint
-- The token hash leads, so a shared link is still found by its token alone.
DROP INDEX "share_links_token_uq";--> statement-breakpoint
CREATE UNIQUE INDEX "share_links_token_uq" ON "share_links" USING btree ("token_hash", "portal_id");--> statement-breakpoint
-- Rollups with no natural key get a surrogate one: moving a shard by logical replication needs a primary key.
ALTER TABLE "deal_facts_monthly" ADD COLUMN "id" bigserial NOT NULL;--> statement-breakpoint
ALTER TABLE "deal_facts_monthly" ADD CONSTRAINT "deal_facts_monthly_portal_id_id_pk" PRIMARY KEY ("portal_id", "id");--> statement-breakpoint
ALTER TABLE "deal_facts_stage_days" ADD COLUMN "id" bigserial NOT NULL;--> statement-breakpoint
ALTER TABLE "deal_facts_stage_days" ADD CONSTRAINT "deal_facts_stage_days_portal_id_id_pk" PRIMARY KEY ("portal_id", "id");--> statement-breakpoint
ALTER TABLE "loss_reason_map" ADD CONSTRAINT "loss_reason_map_reason_fk" FOREIGN KEY ("portal_id", "reason_id") REFERENCES "public"."loss_reasons"("portal_id", "id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loss_reason_rejections" ADD CONSTRAINT "loss_reason_rejections_reason_a_fk" FOREIGN KEY ("portal_id", "reason_a") REFERENCES "public"."loss_reasons"("portal_id", "id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loss_reason_rejections" ADD CONSTRAINT "loss_reason_rejections_reason_b_fk" FOREIGN KEY ("portal_id", "reason_b") REFERENCES "public"."loss_reasons"("portal_id", "id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loss_reasons" ADD CONSTRAINT "loss_reasons_theme_fk" FOREIGN KEY ("portal_id", "theme_id") REFERENCES "public"."themes"("portal_id", "id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loss_reasons" ADD CONSTRAINT "loss_reasons_merged_into_fk" FOREIGN KEY ("portal_id", "merged_into") REFERENCES "public"."loss_reasons"("portal_id", "id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment_competitors" ADD CONSTRAINT "comment_competitors_competitor_fk" FOREIGN KEY ("portal_id", "competitor_id") REFERENCES "public"."competitors"("portal_id", "id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment_theme_overrides" ADD CONSTRAINT "comment_theme_overrides_theme_fk" FOREIGN KEY ("portal_id", "theme_id") REFERENCES "public"."themes"("portal_id", "id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment_themes" ADD CONSTRAINT "comment_themes_theme_fk" FOREIGN KEY ("portal_id", "theme_id") REFERENCES "public"."themes"("portal_id", "id") ON DELETE cascade ON UPDATE no action;
