ALTER TABLE "deal_facts" ADD COLUMN "client_first_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "deal_facts" ADD COLUMN "client_last_at" timestamp with time zone;