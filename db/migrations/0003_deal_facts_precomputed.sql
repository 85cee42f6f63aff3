ALTER TABLE "deal_facts" ADD COLUMN "first_activity_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "deal_facts" ADD COLUMN "last_activity_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "deal_facts" ADD COLUMN "span_stage_ids" text[];--> statement-breakpoint
ALTER TABLE "deal_facts" ADD COLUMN "span_stage_days" double precision[];