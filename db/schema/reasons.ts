import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  index,
  integer,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { portalId, timestamptz } from "./columns";
import { themes } from "./themes";

/**
 * A portal's canonical loss reasons (docs/metrics.md, "Canonical reasons"): what every report groups and
 * filters by. Raw reasons — failure stages and options of the reason field — map onto them many to one
 * (loss_reason_map); a raw reason mapped to none is "not specified".
 */
export const lossReasons = pgTable(
  "loss_reasons",
  {
    id: serial("id").primaryKey(),
    portalId: portalId(),
    name: text("name").notNull(),
    /** The loss theme the reason is about: a lost deal whose comment carries themes but not this one contradicts it. */
    themeId: integer("theme_id").references(() => themes.id, { onDelete: "set null" }),
    /** Merged into another reason: the row stays so filters and share links naming it still resolve. */
    mergedInto: integer("merged_into").references((): AnyPgColumn => lossReasons.id, {
      onDelete: "set null",
    }),
    sort: smallint("sort").notNull().default(100),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("loss_reasons_portal_name_idx").on(t.portalId, t.name).where(sql`${t.mergedInto} is null`),
  ],
);

/** Each raw reason of a portal ("stage:<STATUS_ID>", "field:<option id>") and the canonical reason it counts as. */
export const lossReasonMap = pgTable(
  "loss_reason_map",
  {
    portalId: portalId(),
    rawKey: text("raw_key").notNull(),
    /** The raw reason's label as Bitrix24 names it («Дорого · Продажи», «Сделка провалена»). */
    rawLabel: text("raw_label").notNull(),
    /** null = "not specified" (a generic failure stage such as «Сделка провалена»). */
    reasonId: integer("reason_id").references(() => lossReasons.id, { onDelete: "set null" }),
    /** "auto": LossLens' first mapping, redone when the raw label changes; "admin": an admin's choice, kept. */
    source: text("source", { enum: ["auto", "admin"] })
      .notNull()
      .default("auto"),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.portalId, t.rawKey] }),
    index("loss_reason_map_reason_idx").on(t.portalId, t.reasonId),
  ],
);

/** A proposed merge of two canonical reasons an admin rejected: not proposed again. */
export const lossReasonRejections = pgTable(
  "loss_reason_rejections",
  {
    portalId: portalId(),
    reasonA: integer("reason_a")
      .notNull()
      .references(() => lossReasons.id, { onDelete: "cascade" }),
    reasonB: integer("reason_b")
      .notNull()
      .references(() => lossReasons.id, { onDelete: "cascade" }),
    userId: integer("user_id"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.portalId, t.reasonA, t.reasonB] })],
);
