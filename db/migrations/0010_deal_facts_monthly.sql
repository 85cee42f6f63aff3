CREATE TABLE "deal_facts_monthly" (
	"portal_id" integer NOT NULL,
	"month" timestamp,
	"outcome" text NOT NULL,
	"pipeline_id" integer NOT NULL,
	"manager_id" integer,
	"department_id" integer,
	"source_id" text,
	"is_returning_client" boolean NOT NULL,
	"lost_at_stage_id" text,
	"reason_key" text,
	"reason_label" text,
	"deals" integer NOT NULL,
	"amount_sum" numeric NOT NULL,
	"amount_missing" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deal_facts_monthly_state" (
	"portal_id" integer PRIMARY KEY NOT NULL,
	"offset_minutes" integer NOT NULL,
	"built_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "deal_facts_monthly_portal_month_idx" ON "deal_facts_monthly" USING btree ("portal_id","month");