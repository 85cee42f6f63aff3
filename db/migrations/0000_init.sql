CREATE TABLE "app_users" (
	"id" serial PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text,
	"role" text NOT NULL,
	"portal_id" integer,
	"b24_user_id" integer,
	"locale" text DEFAULT 'ru' NOT NULL,
	"disabled" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_login_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_user_id" integer,
	"action" text NOT NULL,
	"target" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"ip" text
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "share_links" (
	"id" serial PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"portal_id" integer NOT NULL,
	"created_by" integer NOT NULL,
	"report" text NOT NULL,
	"filters" jsonb NOT NULL,
	"manager_id" integer,
	"label" text,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"views" integer DEFAULT 0 NOT NULL,
	"last_opened_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "activities" (
	"portal_id" integer NOT NULL,
	"bitrix_id" integer NOT NULL,
	"owner_type_id" smallint NOT NULL,
	"owner_id" integer NOT NULL,
	"type_id" smallint NOT NULL,
	"provider_id" text,
	"subject" text,
	"completed" boolean DEFAULT false NOT NULL,
	"direction" smallint,
	"responsible_id" integer,
	"created" timestamp with time zone,
	"start_time" timestamp with time zone,
	"end_time" timestamp with time zone,
	"raw" jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "activities_portal_id_bitrix_id_pk" PRIMARY KEY("portal_id","bitrix_id")
);
--> statement-breakpoint
CREATE TABLE "comments" (
	"portal_id" integer NOT NULL,
	"source" text NOT NULL,
	"bitrix_id" integer NOT NULL,
	"deal_id" integer NOT NULL,
	"author_id" integer,
	"created_at" timestamp with time zone,
	"body" text NOT NULL,
	"body_text" text NOT NULL,
	"raw" jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "comments_portal_id_source_bitrix_id_pk" PRIMARY KEY("portal_id","source","bitrix_id")
);
--> statement-breakpoint
CREATE TABLE "companies" (
	"portal_id" integer NOT NULL,
	"bitrix_id" integer NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"company_type" text,
	"assigned_by_id" integer,
	"date_create" timestamp with time zone,
	"date_modify" timestamp with time zone,
	"raw" jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "companies_portal_id_bitrix_id_pk" PRIMARY KEY("portal_id","bitrix_id")
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"portal_id" integer NOT NULL,
	"bitrix_id" integer NOT NULL,
	"name" text,
	"last_name" text,
	"second_name" text,
	"company_id" integer,
	"assigned_by_id" integer,
	"date_create" timestamp with time zone,
	"date_modify" timestamp with time zone,
	"raw" jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contacts_portal_id_bitrix_id_pk" PRIMARY KEY("portal_id","bitrix_id")
);
--> statement-breakpoint
CREATE TABLE "deals" (
	"portal_id" integer NOT NULL,
	"bitrix_id" integer NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"pipeline_id" integer DEFAULT 0 NOT NULL,
	"stage_id" text NOT NULL,
	"stage_semantic" text NOT NULL,
	"closed" boolean DEFAULT false NOT NULL,
	"type_id" text,
	"source_id" text,
	"opportunity" numeric(18, 2),
	"currency_id" text,
	"opportunity_account" numeric(18, 2),
	"account_currency_id" text,
	"is_manual_opportunity" boolean,
	"is_return_customer" boolean,
	"company_id" integer,
	"contact_id" integer,
	"assigned_by_id" integer,
	"created_by_id" integer,
	"moved_by_id" integer,
	"date_create" timestamp with time zone NOT NULL,
	"date_modify" timestamp with time zone NOT NULL,
	"moved_time" timestamp with time zone,
	"begin_date" date,
	"close_date" date,
	"comments" text,
	"probability" smallint,
	"raw" jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deals_portal_id_bitrix_id_pk" PRIMARY KEY("portal_id","bitrix_id")
);
--> statement-breakpoint
CREATE TABLE "stage_history" (
	"portal_id" integer NOT NULL,
	"bitrix_id" integer NOT NULL,
	"deal_id" integer NOT NULL,
	"type_id" smallint NOT NULL,
	"pipeline_id" integer NOT NULL,
	"stage_id" text NOT NULL,
	"stage_semantic" text NOT NULL,
	"created_time" timestamp with time zone NOT NULL,
	"raw" jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stage_history_portal_id_bitrix_id_pk" PRIMARY KEY("portal_id","bitrix_id")
);
--> statement-breakpoint
CREATE TABLE "deal_facts" (
	"portal_id" integer NOT NULL,
	"deal_id" integer NOT NULL,
	"outcome" text NOT NULL,
	"pipeline_id" integer NOT NULL,
	"stage_id" text NOT NULL,
	"manager_id" integer,
	"department_id" integer,
	"source_id" text,
	"created_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"loss_date" timestamp with time zone,
	"lost_at_stage_id" text,
	"reason_key" text,
	"reason_label" text,
	"amount_base" numeric(18, 2) DEFAULT 0 NOT NULL,
	"amount_missing" boolean DEFAULT false NOT NULL,
	"client_key" text,
	"is_returning_client" boolean DEFAULT false NOT NULL,
	"had_prior_win" boolean DEFAULT false NOT NULL,
	"cycle_days" numeric(10, 2),
	"activity_count" integer DEFAULT 0 NOT NULL,
	"completed_activity_count" integer DEFAULT 0 NOT NULL,
	"has_comment" boolean DEFAULT false NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deal_facts_portal_id_deal_id_pk" PRIMARY KEY("portal_id","deal_id")
);
--> statement-breakpoint
CREATE TABLE "deal_stage_spans" (
	"portal_id" integer NOT NULL,
	"deal_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"pipeline_id" integer NOT NULL,
	"stage_id" text NOT NULL,
	"entered_at" timestamp with time zone NOT NULL,
	"left_at" timestamp with time zone,
	CONSTRAINT "deal_stage_spans_portal_id_deal_id_seq_pk" PRIMARY KEY("portal_id","deal_id","seq")
);
--> statement-breakpoint
CREATE TABLE "b24_users" (
	"portal_id" integer NOT NULL,
	"bitrix_id" integer NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"last_name" text DEFAULT '' NOT NULL,
	"second_name" text,
	"email" text,
	"work_position" text,
	"active" boolean NOT NULL,
	"department_ids" integer[] DEFAULT '{}' NOT NULL,
	"date_register" timestamp with time zone,
	"raw" jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "b24_users_portal_id_bitrix_id_pk" PRIMARY KEY("portal_id","bitrix_id")
);
--> statement-breakpoint
CREATE TABLE "departments" (
	"portal_id" integer NOT NULL,
	"bitrix_id" integer NOT NULL,
	"name" text NOT NULL,
	"parent_id" integer,
	"head_user_id" integer,
	"sort" integer DEFAULT 500 NOT NULL,
	"raw" jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "departments_portal_id_bitrix_id_pk" PRIMARY KEY("portal_id","bitrix_id")
);
--> statement-breakpoint
CREATE TABLE "portals" (
	"id" serial PRIMARY KEY NOT NULL,
	"domain" text NOT NULL,
	"auth_type" text NOT NULL,
	"credentials_enc" text NOT NULL,
	"credentials_hint" text NOT NULL,
	"application_token_enc" text,
	"member_id" text,
	"base_currency" text DEFAULT 'RUB' NOT NULL,
	"timezone_offset" text DEFAULT '+03:00' NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"settings" jsonb DEFAULT '{"lossReasonSource":"field_then_stage"}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "currencies" (
	"portal_id" integer NOT NULL,
	"bitrix_id" text NOT NULL,
	"amount" numeric(18, 6) NOT NULL,
	"amount_cnt" integer DEFAULT 1 NOT NULL,
	"is_base" boolean DEFAULT false NOT NULL,
	"name" text,
	"raw" jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "currencies_portal_id_bitrix_id_pk" PRIMARY KEY("portal_id","bitrix_id")
);
--> statement-breakpoint
CREATE TABLE "loss_reason_options" (
	"portal_id" integer NOT NULL,
	"field_name" text NOT NULL,
	"bitrix_id" text NOT NULL,
	"value" text NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loss_reason_options_portal_id_field_name_bitrix_id_pk" PRIMARY KEY("portal_id","field_name","bitrix_id")
);
--> statement-breakpoint
CREATE TABLE "pipelines" (
	"portal_id" integer NOT NULL,
	"bitrix_id" integer NOT NULL,
	"name" text NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"raw" jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pipelines_portal_id_bitrix_id_pk" PRIMARY KEY("portal_id","bitrix_id")
);
--> statement-breakpoint
CREATE TABLE "stages" (
	"portal_id" integer NOT NULL,
	"bitrix_id" text NOT NULL,
	"pipeline_id" integer NOT NULL,
	"name" text NOT NULL,
	"sort" integer NOT NULL,
	"semantics" text NOT NULL,
	"color" text,
	"raw" jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stages_portal_id_bitrix_id_pk" PRIMARY KEY("portal_id","bitrix_id")
);
--> statement-breakpoint
CREATE TABLE "status_dictionary" (
	"portal_id" integer NOT NULL,
	"entity_id" text NOT NULL,
	"bitrix_id" text NOT NULL,
	"name" text NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"raw" jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "status_dictionary_portal_id_entity_id_bitrix_id_pk" PRIMARY KEY("portal_id","entity_id","bitrix_id")
);
--> statement-breakpoint
CREATE TABLE "user_fields" (
	"portal_id" integer NOT NULL,
	"bitrix_id" text NOT NULL,
	"user_type_id" text NOT NULL,
	"label" text,
	"multiple" boolean DEFAULT false NOT NULL,
	"raw" jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_fields_portal_id_bitrix_id_pk" PRIMARY KEY("portal_id","bitrix_id")
);
--> statement-breakpoint
CREATE TABLE "quarantine" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"portal_id" integer NOT NULL,
	"run_id" integer,
	"entity" text NOT NULL,
	"bitrix_id" text,
	"reason" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync_cursors" (
	"portal_id" integer NOT NULL,
	"entity" text NOT NULL,
	"mode" text NOT NULL,
	"cursor" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sync_cursors_portal_id_entity_pk" PRIMARY KEY("portal_id","entity")
);
--> statement-breakpoint
CREATE TABLE "sync_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"portal_id" integer NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"trigger" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"progress" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"api_calls" integer DEFAULT 0 NOT NULL,
	"quarantined" integer DEFAULT 0 NOT NULL,
	"error_code" text,
	"error_message" text
);
--> statement-breakpoint
ALTER TABLE "app_users" ADD CONSTRAINT "app_users_portal_id_portals_id_fk" FOREIGN KEY ("portal_id") REFERENCES "public"."portals"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_portal_id_portals_id_fk" FOREIGN KEY ("portal_id") REFERENCES "public"."portals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_created_by_app_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_portal_id_portals_id_fk" FOREIGN KEY ("portal_id") REFERENCES "public"."portals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "app_users_email_uq" ON "app_users" USING btree ("email");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_log_action_idx" ON "audit_log" USING btree ("action","at");--> statement-breakpoint
CREATE UNIQUE INDEX "share_links_token_uq" ON "share_links" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "share_links_creator_idx" ON "share_links" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "activities_owner_idx" ON "activities" USING btree ("portal_id","owner_type_id","owner_id");--> statement-breakpoint
CREATE INDEX "comments_deal_idx" ON "comments" USING btree ("portal_id","deal_id");--> statement-breakpoint
CREATE INDEX "deals_modify_idx" ON "deals" USING btree ("portal_id","date_modify");--> statement-breakpoint
CREATE INDEX "deals_assigned_idx" ON "deals" USING btree ("portal_id","assigned_by_id");--> statement-breakpoint
CREATE INDEX "deals_stage_idx" ON "deals" USING btree ("portal_id","stage_id");--> statement-breakpoint
CREATE INDEX "deals_company_idx" ON "deals" USING btree ("portal_id","company_id");--> statement-breakpoint
CREATE INDEX "deals_contact_idx" ON "deals" USING btree ("portal_id","contact_id");--> statement-breakpoint
CREATE INDEX "stage_history_deal_idx" ON "stage_history" USING btree ("portal_id","deal_id");--> statement-breakpoint
CREATE INDEX "deal_facts_loss_date_idx" ON "deal_facts" USING btree ("portal_id","loss_date");--> statement-breakpoint
CREATE INDEX "deal_facts_closed_at_idx" ON "deal_facts" USING btree ("portal_id","closed_at");--> statement-breakpoint
CREATE INDEX "deal_facts_pipeline_idx" ON "deal_facts" USING btree ("portal_id","pipeline_id");--> statement-breakpoint
CREATE INDEX "deal_facts_manager_idx" ON "deal_facts" USING btree ("portal_id","manager_id");--> statement-breakpoint
CREATE INDEX "deal_facts_stage_idx" ON "deal_facts" USING btree ("portal_id","lost_at_stage_id");--> statement-breakpoint
CREATE INDEX "deal_facts_reason_idx" ON "deal_facts" USING btree ("portal_id","reason_key");--> statement-breakpoint
CREATE INDEX "deal_facts_client_idx" ON "deal_facts" USING btree ("portal_id","client_key");--> statement-breakpoint
CREATE INDEX "deal_stage_spans_stage_idx" ON "deal_stage_spans" USING btree ("portal_id","stage_id");--> statement-breakpoint
CREATE INDEX "departments_parent_idx" ON "departments" USING btree ("portal_id","parent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "portals_domain_uq" ON "portals" USING btree ("domain");--> statement-breakpoint
CREATE INDEX "quarantine_portal_idx" ON "quarantine" USING btree ("portal_id","entity");--> statement-breakpoint
CREATE INDEX "sync_runs_portal_idx" ON "sync_runs" USING btree ("portal_id","started_at");