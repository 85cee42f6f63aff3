CREATE TABLE "report_cache" (
	"portal_id" integer NOT NULL,
	"key_hash" text NOT NULL,
	"version" text NOT NULL,
	"value" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_cache_portal_id_key_hash_pk" PRIMARY KEY("portal_id","key_hash")
);
--> statement-breakpoint
ALTER TABLE "report_cache" ADD CONSTRAINT "report_cache_portal_id_portals_id_fk" FOREIGN KEY ("portal_id") REFERENCES "public"."portals"("id") ON DELETE cascade ON UPDATE no action;