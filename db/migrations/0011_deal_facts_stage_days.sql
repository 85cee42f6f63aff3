CREATE TABLE "deal_facts_stage_days" (
	"portal_id" integer NOT NULL,
	"deal_id" integer NOT NULL,
	"stage_id" text NOT NULL,
	"days" double precision NOT NULL,
	"outcome" text NOT NULL,
	"pipeline_id" integer NOT NULL,
	"manager_id" integer,
	"department_id" integer,
	"source_id" text,
	"closed_at" timestamp with time zone,
	"lost_at_stage_id" text,
	"reason_key" text,
	"is_returning_client" boolean NOT NULL,
	"amount_base" numeric(18, 2) NOT NULL
);
--> statement-breakpoint
ALTER TABLE "deal_facts_monthly" ADD COLUMN "span_stage_ids" text[];--> statement-breakpoint
ALTER TABLE "deal_facts_stage_days" ADD CONSTRAINT "deal_facts_stage_days_deal_fk" FOREIGN KEY ("portal_id","deal_id") REFERENCES "public"."deal_facts"("portal_id","deal_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deal_facts_stage_days_deal_idx" ON "deal_facts_stage_days" USING btree ("portal_id","deal_id");--> statement-breakpoint
CREATE INDEX "deal_facts_stage_days_order_idx" ON "deal_facts_stage_days" USING btree ("portal_id","pipeline_id","stage_id","days","closed_at","manager_id","department_id","source_id","is_returning_client","lost_at_stage_id","reason_key","amount_base","outcome");--> statement-breakpoint
-- Existing facts: their lost deals' stage days now, their monthly aggregate at the next deriveFacts (until then
-- reports read deal_facts; lib/analytics/monthly.ts).
INSERT INTO "deal_facts_stage_days" ("portal_id", "deal_id", "stage_id", "days", "outcome", "pipeline_id", "manager_id",
	"department_id", "source_id", "closed_at", "lost_at_stage_id", "reason_key", "is_returning_client", "amount_base")
SELECT f."portal_id", f."deal_id", x."id", x."days", 'lost', f."pipeline_id", f."manager_id", f."department_id",
	f."source_id", f."closed_at", f."lost_at_stage_id", f."reason_key", f."is_returning_client", f."amount_base"
FROM "deal_facts" f CROSS JOIN LATERAL unnest(f."span_stage_ids", f."span_stage_days") AS x("id", "days")
WHERE f."outcome" = 'lost' AND x."days" IS NOT NULL
ORDER BY f."portal_id", f."pipeline_id", x."id", x."days";--> statement-breakpoint
DELETE FROM "deal_facts_monthly_state";
