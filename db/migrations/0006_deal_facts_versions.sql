CREATE TABLE "deal_facts_versions" (
	"portal_id" integer PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	"derived_at" timestamp with time zone DEFAULT now() NOT NULL
);
