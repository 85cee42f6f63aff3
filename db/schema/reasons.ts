import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  foreignKey,
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
    id: serial("id").notNull(),
    portalId: portalId(),
    name: text("name").notNull(),
    /**
     * The loss theme the reason is about: a lost deal whose comment carries themes but not this one contradicts it.
     * No ON DELETE SET NULL: Citus refuses it on a key that holds the distribution column, so deleting a theme
     * clears it first (lib/themes/admin.ts).
     */
    themeId: integer("theme_id"),
    /** Merged into another reason: the row stays so filters and share links naming it still resolve. */
    mergedInto: integer("merged_into"),
    sort: smallint("sort").notNull().default(100),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.portalId, t.id] }),
    foreignKey({
      name: "loss_reasons_theme_fk",
      columns: [t.portalId, t.themeId],
      foreignColumns: [themes.portalId, themes.id],
    }),
    foreignKey({
      name: "loss_reasons_merged_into_fk",
      columns: [t.portalId, t.mergedInto],
      foreignColumns: [t.portalId, t.id as AnyPgColumn],
    }),
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
    reasonId: integer("reason_id"),
    /** "auto": LossLens' first mapping, redone when the raw label changes; "admin": an admin's choice, kept. */
    source: text("source", { enum: ["auto", "admin"] })
      .notNull()
      .default("auto"),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.portalId, t.rawKey] }),
    foreignKey({
      name: "loss_reason_map_reason_fk",
      columns: [t.portalId, t.reasonId],
      foreignColumns: [lossReasons.portalId, lossReasons.id],
    }),
    index("loss_reason_map_reason_idx").on(t.portalId, t.reasonId),
  ],
);

/** A proposed merge of two canonical reasons an admin rejected: not proposed again. */
export const lossReasonRejections = pgTable(
  "loss_reason_rejections",
  {
    portalId: portalId(),
    reasonA: integer("reason_a").notNull(),
    reasonB: integer("reason_b").notNull(),
    userId: integer("user_id"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.portalId, t.reasonA, t.reasonB] }),
    foreignKey({
      name: "loss_reason_rejections_reason_a_fk",
      columns: [t.portalId, t.reasonA],
      foreignColumns: [lossReasons.portalId, lossReasons.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "loss_reason_rejections_reason_b_fk",
      columns: [t.portalId, t.reasonB],
      foreignColumns: [lossReasons.portalId, lossReasons.id],
    }).onDelete("cascade"),
  ],
);
