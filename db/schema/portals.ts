import { sql } from "drizzle-orm";
import { boolean, jsonb, pgTable, serial, text, uniqueIndex } from "drizzle-orm/pg-core";
import { timestamptz } from "./columns";

export type LossReasonSource = "stage" | "field" | "field_then_stage";

export interface PortalSettings {
  lossReasonSource: LossReasonSource;
  /** UF_CRM_* enumeration holding the loss reason when the source uses a field. */
  lossReasonField?: string | null;
  /** UF_CRM_* holding a free-text loss comment. */
  lossCommentField?: string | null;
  /** Margin in percent, portal-wide and per pipeline id; unset means profit is not shown. */
  marginPercent?: number | null;
  pipelineMarginPercent?: Record<string, number>;
  /** Fetch timeline comments of every deal, not just the lost ones. */
  commentsForAllDeals?: boolean;
  syncIntervalMinutes?: number;
}

export const portals = pgTable(
  "portals",
  {
    id: serial("id").primaryKey(),
    /** e.g. "acme.bitrix24.ru"; deal links are https://<domain>/crm/deal/details/<ID>/ */
    domain: text("domain").notNull(),
    authType: text("auth_type", { enum: ["webhook", "oauth"] }).notNull(),
    /** AES-256-GCM ciphertext (iv.tag.data, base64url) of the webhook URL or OAuth tokens; never sent to the browser. */
    credentialsEnc: text("credentials_enc").notNull(),
    /** Shown in the UI instead of the secret, e.g. "…/rest/1/ab••••yz/". */
    credentialsHint: text("credentials_hint").notNull(),
    /** Outgoing-event verification token, encrypted like the credentials. */
    applicationTokenEnc: text("application_token_enc"),
    memberId: text("member_id"),
    baseCurrency: text("base_currency").notNull().default("RUB"),
    /** Portal server offset ("+03:00"), needed to read date fields by the midnight-UTC rule. */
    timezoneOffset: text("timezone_offset").notNull().default("+03:00"),
    isDemo: boolean("is_demo").notNull().default(false),
    settings: jsonb("settings")
      .$type<PortalSettings>()
      .notNull()
      .default(sql`'{"lossReasonSource":"field_then_stage"}'::jsonb`),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("portals_domain_uq").on(t.domain)],
);
