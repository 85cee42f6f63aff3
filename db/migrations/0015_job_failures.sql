CREATE TABLE "job_failures" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"portal_id" integer NOT NULL,
	"kind" text NOT NULL,
	"subject" text DEFAULT '' NOT NULL,
	"attempts" integer NOT NULL,
	"error" text NOT NULL,
	"dead" boolean DEFAULT false NOT NULL,
	"failed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"next_retry_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "job_failures" ADD CONSTRAINT "job_failures_portal_id_portals_id_fk" FOREIGN KEY ("portal_id") REFERENCES "public"."portals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "job_failures_subject_idx" ON "job_failures" USING btree ("portal_id","kind","subject");
