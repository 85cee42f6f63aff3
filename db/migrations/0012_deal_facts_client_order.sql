CREATE TABLE "deal_facts_client_order" (
	"portal_id" integer NOT NULL,
	"deal_id" integer NOT NULL,
	"client_key" text NOT NULL,
	"outcome" text NOT NULL,
	"closed_at" timestamp with time zone,
	"is_client_first" boolean NOT NULL,
	"client_won_deals" integer NOT NULL,
	"client_lost_deals" integer NOT NULL,
	"prev_closed_at" timestamp with time zone,
	"prev_won_at" timestamp with time zone,
	"prev_lost_at" timestamp with time zone,
	"next_won_at" timestamp with time zone,
	"next_lost_at" timestamp with time zone,
	"relationship_days" double precision,
	"cycle_days" numeric(10, 2),
	"activity_count" integer NOT NULL,
	"completed_activity_count" integer NOT NULL,
	CONSTRAINT "deal_facts_client_order_portal_id_deal_id_pk" PRIMARY KEY("portal_id","deal_id")
);
--> statement-breakpoint
ALTER TABLE "deal_facts_monthly" ADD COLUMN "had_prior_win" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "deal_facts_client_order" ADD CONSTRAINT "deal_facts_client_order_deal_fk" FOREIGN KEY ("portal_id","deal_id") REFERENCES "public"."deal_facts"("portal_id","deal_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deal_facts_client_order_client_idx" ON "deal_facts_client_order" USING btree ("portal_id","client_key");--> statement-breakpoint
-- Existing portals: the monthly aggregate (now keyed by prior win too) and the client order are rebuilt whole at
-- the next deriveFacts; until then reports read deal_facts (lib/analytics/monthly.ts).
DELETE FROM "deal_facts_monthly_state";
