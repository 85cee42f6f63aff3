CREATE TABLE "comment_competitors" (
	"portal_id" integer NOT NULL,
	"comment_source" text NOT NULL,
	"comment_bitrix_id" integer NOT NULL,
	"competitor_id" integer NOT NULL,
	"deal_id" integer NOT NULL,
	CONSTRAINT "comment_competitors_portal_id_comment_source_comment_bitrix_id_competitor_id_pk" PRIMARY KEY("portal_id","comment_source","comment_bitrix_id","competitor_id")
);
--> statement-breakpoint
CREATE TABLE "comment_themes" (
	"portal_id" integer NOT NULL,
	"comment_source" text NOT NULL,
	"comment_bitrix_id" integer NOT NULL,
	"theme_id" integer NOT NULL,
	"deal_id" integer NOT NULL,
	CONSTRAINT "comment_themes_portal_id_comment_source_comment_bitrix_id_theme_id_pk" PRIMARY KEY("portal_id","comment_source","comment_bitrix_id","theme_id")
);
--> statement-breakpoint
CREATE TABLE "comment_words" (
	"portal_id" integer NOT NULL,
	"word" text NOT NULL,
	CONSTRAINT "comment_words_portal_id_word_pk" PRIMARY KEY("portal_id","word")
);
--> statement-breakpoint
CREATE TABLE "competitors" (
	"id" serial PRIMARY KEY NOT NULL,
	"portal_id" integer NOT NULL,
	"name" text NOT NULL,
	"variants" text[] DEFAULT '{}'::text[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "themes" (
	"id" serial PRIMARY KEY NOT NULL,
	"portal_id" integer NOT NULL,
	"key" text NOT NULL,
	"name_ru" text NOT NULL,
	"name_en" text NOT NULL,
	"keywords" text[] DEFAULT '{}'::text[] NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"builtin" boolean DEFAULT false NOT NULL,
	"sort" smallint DEFAULT 100 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "comment_competitors" ADD CONSTRAINT "comment_competitors_competitor_id_competitors_id_fk" FOREIGN KEY ("competitor_id") REFERENCES "public"."competitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment_competitors" ADD CONSTRAINT "comment_competitors_comment_fk" FOREIGN KEY ("portal_id","comment_source","comment_bitrix_id") REFERENCES "public"."comments"("portal_id","source","bitrix_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment_themes" ADD CONSTRAINT "comment_themes_theme_id_themes_id_fk" FOREIGN KEY ("theme_id") REFERENCES "public"."themes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment_themes" ADD CONSTRAINT "comment_themes_comment_fk" FOREIGN KEY ("portal_id","comment_source","comment_bitrix_id") REFERENCES "public"."comments"("portal_id","source","bitrix_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "comment_competitors_competitor_idx" ON "comment_competitors" USING btree ("portal_id","competitor_id","deal_id");--> statement-breakpoint
CREATE INDEX "comment_themes_theme_idx" ON "comment_themes" USING btree ("portal_id","theme_id","deal_id");--> statement-breakpoint
CREATE INDEX "comment_themes_deal_idx" ON "comment_themes" USING btree ("portal_id","deal_id");--> statement-breakpoint
CREATE UNIQUE INDEX "competitors_portal_name_idx" ON "competitors" USING btree ("portal_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "themes_portal_key_idx" ON "themes" USING btree ("portal_id","key");