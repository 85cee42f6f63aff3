import {
  boolean,
  date,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
} from "drizzle-orm/pg-core";
import { portalId, raw, syncedAt, timestamptz } from "./columns";

const money = (name: string) => numeric(name, { precision: 18, scale: 2, mode: "number" });

export const deals = pgTable(
  "deals",
  {
    portalId: portalId(),
    bitrixId: integer("bitrix_id").notNull(),
    title: text("title").notNull().default(""),
    pipelineId: integer("pipeline_id").notNull().default(0),
    stageId: text("stage_id").notNull(),
    stageSemantic: text("stage_semantic", { enum: ["P", "S", "F"] }).notNull(),
    closed: boolean("closed").notNull().default(false),
    typeId: text("type_id"),
    sourceId: text("source_id"),
    /** Amount in the deal currency. */
    opportunity: money("opportunity"),
    currencyId: text("currency_id"),
    /** Amount in the account (base) currency when the portal sends it. */
    opportunityAccount: money("opportunity_account"),
    accountCurrencyId: text("account_currency_id"),
    isManualOpportunity: boolean("is_manual_opportunity"),
    isReturnCustomer: boolean("is_return_customer"),
    companyId: integer("company_id"),
    contactId: integer("contact_id"),
    assignedById: integer("assigned_by_id"),
    createdById: integer("created_by_id"),
    movedById: integer("moved_by_id"),
    dateCreate: timestamptz("date_create").notNull(),
    dateModify: timestamptz("date_modify").notNull(),
    movedTime: timestamptz("moved_time"),
    /** Date fields, read by the midnight-UTC rule (bitrix24-api.md §5.2). */
    beginDate: date("begin_date", { mode: "string" }),
    closeDate: date("close_date", { mode: "string" }),
    comments: text("comments"),
    probability: smallint("probability"),
    raw: raw(),
    syncedAt: syncedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.portalId, t.bitrixId] }),
    index("deals_modify_idx").on(t.portalId, t.dateModify),
    index("deals_assigned_idx").on(t.portalId, t.assignedById),
    index("deals_stage_idx").on(t.portalId, t.stageId),
    index("deals_company_idx").on(t.portalId, t.companyId),
    index("deals_contact_idx").on(t.portalId, t.contactId),
  ],
);

/** crm.stagehistory.list rows for deals. TYPE_ID: 1 created, 2 moved, 3 moved to final, 5 pipeline changed. */
export const stageHistory = pgTable(
  "stage_history",
  {
    portalId: portalId(),
    bitrixId: integer("bitrix_id").notNull(),
    dealId: integer("deal_id").notNull(),
    typeId: smallint("type_id").notNull(),
    pipelineId: integer("pipeline_id").notNull(),
    stageId: text("stage_id").notNull(),
    stageSemantic: text("stage_semantic", { enum: ["P", "S", "F"] }).notNull(),
    createdTime: timestamptz("created_time").notNull(),
    raw: raw(),
    syncedAt: syncedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.portalId, t.bitrixId] }),
    index("stage_history_deal_idx").on(t.portalId, t.dealId),
  ],
);

export const companies = pgTable(
  "companies",
  {
    portalId: portalId(),
    bitrixId: integer("bitrix_id").notNull(),
    title: text("title").notNull().default(""),
    companyType: text("company_type"),
    assignedById: integer("assigned_by_id"),
    dateCreate: timestamptz("date_create"),
    dateModify: timestamptz("date_modify"),
    raw: raw(),
    syncedAt: syncedAt(),
  },
  (t) => [primaryKey({ columns: [t.portalId, t.bitrixId] })],
);

export const contacts = pgTable(
  "contacts",
  {
    portalId: portalId(),
    bitrixId: integer("bitrix_id").notNull(),
    name: text("name"),
    lastName: text("last_name"),
    secondName: text("second_name"),
    companyId: integer("company_id"),
    assignedById: integer("assigned_by_id"),
    dateCreate: timestamptz("date_create"),
    dateModify: timestamptz("date_modify"),
    raw: raw(),
    syncedAt: syncedAt(),
  },
  (t) => [primaryKey({ columns: [t.portalId, t.bitrixId] })],
);

/** crm.activity.list: calls, e-mails, meetings, tasks. Owner type 2 = deal. */
export const activities = pgTable(
  "activities",
  {
    portalId: portalId(),
    bitrixId: integer("bitrix_id").notNull(),
    ownerTypeId: smallint("owner_type_id").notNull(),
    ownerId: integer("owner_id").notNull(),
    /** 1 meeting, 2 call, 3 task, 4 e-mail, 5 calendar, 6 provider-based. */
    typeId: smallint("type_id").notNull(),
    providerId: text("provider_id"),
    subject: text("subject"),
    completed: boolean("completed").notNull().default(false),
    direction: smallint("direction"),
    responsibleId: integer("responsible_id"),
    created: timestamptz("created"),
    startTime: timestamptz("start_time"),
    endTime: timestamptz("end_time"),
    raw: raw(),
    syncedAt: syncedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.portalId, t.bitrixId] }),
    index("activities_owner_idx").on(t.portalId, t.ownerTypeId, t.ownerId),
  ],
);

/**
 * Comments on deals from three sources: timeline comments (bitrix_id = comment ID), the deal COMMENTS field
 * and the configured loss-comment user field (bitrix_id = deal ID for both).
 */
export const comments = pgTable(
  "comments",
  {
    portalId: portalId(),
    source: text("source", { enum: ["timeline", "deal_field", "user_field"] }).notNull(),
    bitrixId: integer("bitrix_id").notNull(),
    dealId: integer("deal_id").notNull(),
    authorId: integer("author_id"),
    createdAt: timestamptz("created_at"),
    /** As sent: BB-code or HTML. */
    body: text("body").notNull(),
    /** Plain text for search and display. */
    bodyText: text("body_text").notNull(),
    raw: raw(),
    syncedAt: syncedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.portalId, t.source, t.bitrixId] }),
    index("comments_deal_idx").on(t.portalId, t.dealId),
  ],
);
