import { boolean, integer, numeric, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { portalId, raw, syncedAt } from "./columns";

/** Deal pipelines (crm.category.list, entityTypeId 2); the default pipeline is id 0. */
export const pipelines = pgTable(
  "pipelines",
  {
    portalId: portalId(),
    bitrixId: integer("bitrix_id").notNull(),
    name: text("name").notNull(),
    sort: integer("sort").notNull().default(0),
    isDefault: boolean("is_default").notNull().default(false),
    raw: raw(),
    syncedAt: syncedAt(),
  },
  (t) => [primaryKey({ columns: [t.portalId, t.bitrixId] })],
);

/** Deal stages (crm.status.list DEAL_STAGE[_N]); bitrix_id is STATUS_ID, read as sent (ids can be truncated). */
export const stages = pgTable(
  "stages",
  {
    portalId: portalId(),
    bitrixId: text("bitrix_id").notNull(),
    pipelineId: integer("pipeline_id").notNull(),
    name: text("name").notNull(),
    sort: integer("sort").notNull(),
    /** P = process, S = success, F = failure. */
    semantics: text("semantics", { enum: ["P", "S", "F"] }).notNull(),
    color: text("color"),
    raw: raw(),
    syncedAt: syncedAt(),
  },
  (t) => [primaryKey({ columns: [t.portalId, t.bitrixId] })],
);

/** Other crm.status.list dictionaries we display (SOURCE, DEAL_TYPE). */
export const statusDictionary = pgTable(
  "status_dictionary",
  {
    portalId: portalId(),
    entityId: text("entity_id").notNull(),
    bitrixId: text("bitrix_id").notNull(),
    name: text("name").notNull(),
    sort: integer("sort").notNull().default(0),
    raw: raw(),
    syncedAt: syncedAt(),
  },
  (t) => [primaryKey({ columns: [t.portalId, t.entityId, t.bitrixId] })],
);

export const currencies = pgTable(
  "currencies",
  {
    portalId: portalId(),
    /** Currency code, e.g. "USD". */
    bitrixId: text("bitrix_id").notNull(),
    /** AMOUNT units of base currency buy AMOUNT_CNT units of this one. */
    amount: numeric("amount", { precision: 18, scale: 6, mode: "number" }).notNull(),
    amountCnt: integer("amount_cnt").notNull().default(1),
    isBase: boolean("is_base").notNull().default(false),
    name: text("name"),
    raw: raw(),
    syncedAt: syncedAt(),
  },
  (t) => [primaryKey({ columns: [t.portalId, t.bitrixId] })],
);

/** Deal user-field definitions (crm.deal.userfield.list). */
export const userFields = pgTable(
  "user_fields",
  {
    portalId: portalId(),
    /** Field name, e.g. UF_CRM_1579180371132. */
    bitrixId: text("bitrix_id").notNull(),
    userTypeId: text("user_type_id").notNull(),
    label: text("label"),
    multiple: boolean("multiple").notNull().default(false),
    raw: raw(),
    syncedAt: syncedAt(),
  },
  (t) => [primaryKey({ columns: [t.portalId, t.bitrixId] })],
);

/** Items of enumeration user fields: the options a loss-reason field offers. */
export const lossReasonOptions = pgTable(
  "loss_reason_options",
  {
    portalId: portalId(),
    fieldName: text("field_name").notNull(),
    /** Option ID as the deal stores it ("45"). */
    bitrixId: text("bitrix_id").notNull(),
    value: text("value").notNull(),
    sort: integer("sort").notNull().default(0),
    syncedAt: syncedAt(),
  },
  (t) => [primaryKey({ columns: [t.portalId, t.fieldName, t.bitrixId] })],
);
