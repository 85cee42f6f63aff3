CREATE TABLE "auth_throttle" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" integer NOT NULL,
	"last_failure_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "auth_throttle_last_failure_idx" ON "auth_throttle" USING btree ("last_failure_at");
--> statement-breakpoint
UPDATE "app_users" SET "sessions_valid_after" = now() WHERE "disabled" AND ("sessions_valid_after" IS NULL OR "sessions_valid_after" < now());
