CREATE TABLE "loss_reason_map" (
	"portal_id" integer NOT NULL,
	"raw_key" text NOT NULL,
	"raw_label" text NOT NULL,
	"reason_id" integer,
	"source" text DEFAULT 'auto' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loss_reason_map_portal_id_raw_key_pk" PRIMARY KEY("portal_id","raw_key")
);
--> statement-breakpoint
CREATE TABLE "loss_reason_rejections" (
	"portal_id" integer NOT NULL,
	"reason_a" integer NOT NULL,
	"reason_b" integer NOT NULL,
	"user_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loss_reason_rejections_portal_id_reason_a_reason_b_pk" PRIMARY KEY("portal_id","reason_a","reason_b")
);
--> statement-breakpoint
CREATE TABLE "loss_reasons" (
	"id" serial PRIMARY KEY NOT NULL,
	"portal_id" integer NOT NULL,
	"name" text NOT NULL,
	"theme_id" integer,
	"merged_into" integer,
	"sort" smallint DEFAULT 100 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "comment_theme_overrides" (
	"portal_id" integer NOT NULL,
	"comment_source" text NOT NULL,
	"comment_bitrix_id" integer NOT NULL,
	"theme_id" integer NOT NULL,
	"deal_id" integer NOT NULL,
	"action" text NOT NULL,
	"user_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "comment_theme_overrides_portal_id_comment_source_comment_bitrix_id_theme_id_pk" PRIMARY KEY("portal_id","comment_source","comment_bitrix_id","theme_id")
);
--> statement-breakpoint
CREATE TABLE "competitor_dismissals" (
	"portal_id" integer NOT NULL,
	"name" text NOT NULL,
	"user_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "competitor_dismissals_portal_id_name_pk" PRIMARY KEY("portal_id","name")
);
--> statement-breakpoint
ALTER TABLE "deal_facts" ADD COLUMN "raw_reason_key" text;--> statement-breakpoint
ALTER TABLE "deal_facts" ADD COLUMN "raw_reason_label" text;--> statement-breakpoint
ALTER TABLE "deal_facts_monthly" ADD COLUMN "raw_reason_key" text;--> statement-breakpoint
ALTER TABLE "comment_themes" ADD COLUMN "evidence" text;--> statement-breakpoint
ALTER TABLE "loss_reason_map" ADD CONSTRAINT "loss_reason_map_reason_id_loss_reasons_id_fk" FOREIGN KEY ("reason_id") REFERENCES "public"."loss_reasons"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loss_reason_rejections" ADD CONSTRAINT "loss_reason_rejections_reason_a_loss_reasons_id_fk" FOREIGN KEY ("reason_a") REFERENCES "public"."loss_reasons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loss_reason_rejections" ADD CONSTRAINT "loss_reason_rejections_reason_b_loss_reasons_id_fk" FOREIGN KEY ("reason_b") REFERENCES "public"."loss_reasons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loss_reasons" ADD CONSTRAINT "loss_reasons_theme_id_themes_id_fk" FOREIGN KEY ("theme_id") REFERENCES "public"."themes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loss_reasons" ADD CONSTRAINT "loss_reasons_merged_into_loss_reasons_id_fk" FOREIGN KEY ("merged_into") REFERENCES "public"."loss_reasons"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment_theme_overrides" ADD CONSTRAINT "comment_theme_overrides_theme_id_themes_id_fk" FOREIGN KEY ("theme_id") REFERENCES "public"."themes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "loss_reason_map_reason_idx" ON "loss_reason_map" USING btree ("portal_id","reason_id");--> statement-breakpoint
CREATE UNIQUE INDEX "loss_reasons_portal_name_idx" ON "loss_reasons" USING btree ("portal_id","name") WHERE "loss_reasons"."merged_into" is null;--> statement-breakpoint
CREATE INDEX "comment_theme_overrides_deal_idx" ON "comment_theme_overrides" USING btree ("portal_id","deal_id");--> statement-breakpoint
CREATE INDEX "deal_facts_raw_reason_idx" ON "deal_facts" USING btree ("portal_id","raw_reason_key");--> statement-breakpoint
-- Facts derived before canonical reasons: the raw reason is what reason_key held (the next sync maps them).
UPDATE "deal_facts" SET "raw_reason_key" = "reason_key", "raw_reason_label" = "reason_label" WHERE "reason_key" IS NOT NULL;--> statement-breakpoint
UPDATE "deal_facts_monthly" SET "raw_reason_key" = "reason_key" WHERE "reason_key" IS NOT NULL;
