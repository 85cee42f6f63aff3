import { sql } from "drizzle-orm";
import {
  boolean,
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
import { comments } from "./crm";

/**
 * Loss themes (price, competitor, budget, …) per portal: seeded from the built-in lexicon (lib/themes/lexicon.ts)
 * and editable by admins. Keywords are words or phrases matched on Russian/English stems ("цена" also matches
 * "цены", "ценой"); a trailing `*` makes a prefix ("конкурент*").
 */
export const themes = pgTable(
  "themes",
  {
    id: serial("id").notNull(),
    portalId: portalId(),
    /** Stable key: the built-in's name ("price") or "custom-<n>" for an admin's own theme. */
    key: text("key").notNull(),
    nameRu: text("name_ru").notNull(),
    nameEn: text("name_en").notNull(),
    keywords: text("keywords").array().notNull().default(sql`'{}'::text[]`),
    enabled: boolean("enabled").notNull().default(true),
    builtin: boolean("builtin").notNull().default(false),
    sort: smallint("sort").notNull().default(100),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    // The portal leads every key so the table can be distributed by portal_id (docs/scaling.md).
    primaryKey({ columns: [t.portalId, t.id] }),
    uniqueIndex("themes_portal_key_idx").on(t.portalId, t.key),
  ],
);

/** Competitor names with their spelling variants ("amoCRM", "АмоЦРМ", "амо"). */
export const competitors = pgTable(
  "competitors",
  {
    id: serial("id").notNull(),
    portalId: portalId(),
    name: text("name").notNull(),
    variants: text("variants").array().notNull().default(sql`'{}'::text[]`),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.portalId, t.id] }),
    uniqueIndex("competitors_portal_name_idx").on(t.portalId, t.name),
  ],
);

/** Which themes each comment carries; recomputed by SQL (lib/themes/tagging.ts) after a sync or a theme edit. */
export const commentThemes = pgTable(
  "comment_themes",
  {
    portalId: portalId(),
    commentSource: text("comment_source", { enum: ["timeline", "deal_field", "user_field"] }).notNull(),
    commentBitrixId: integer("comment_bitrix_id").notNull(),
    themeId: integer("theme_id").notNull(),
    dealId: integer("deal_id").notNull(),
    /** The words that made the tag (shown on hover); null for a tag added by hand. */
    evidence: text("evidence"),
  },
  (t) => [
    primaryKey({ columns: [t.portalId, t.commentSource, t.commentBitrixId, t.themeId] }),
    foreignKey({
      name: "comment_themes_comment_fk",
      columns: [t.portalId, t.commentSource, t.commentBitrixId],
      foreignColumns: [comments.portalId, comments.source, comments.bitrixId],
    }).onDelete("cascade"),
    foreignKey({
      name: "comment_themes_theme_fk",
      columns: [t.portalId, t.themeId],
      foreignColumns: [themes.portalId, themes.id],
    }).onDelete("cascade"),
    index("comment_themes_theme_idx").on(t.portalId, t.themeId, t.dealId),
    index("comment_themes_deal_idx").on(t.portalId, t.dealId),
  ],
);

/** Competitor mentions per comment. */
export const commentCompetitors = pgTable(
  "comment_competitors",
  {
    portalId: portalId(),
    commentSource: text("comment_source", { enum: ["timeline", "deal_field", "user_field"] }).notNull(),
    commentBitrixId: integer("comment_bitrix_id").notNull(),
    competitorId: integer("competitor_id").notNull(),
    dealId: integer("deal_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.portalId, t.commentSource, t.commentBitrixId, t.competitorId] }),
    foreignKey({
      name: "comment_competitors_comment_fk",
      columns: [t.portalId, t.commentSource, t.commentBitrixId],
      foreignColumns: [comments.portalId, comments.source, comments.bitrixId],
    }).onDelete("cascade"),
    foreignKey({
      name: "comment_competitors_competitor_fk",
      columns: [t.portalId, t.competitorId],
      foreignColumns: [competitors.portalId, competitors.id],
    }).onDelete("cascade"),
    index("comment_competitors_competitor_idx").on(t.portalId, t.competitorId, t.dealId),
  ],
);

/**
 * Distinct words of a portal's comments, for the fuzzy fallback: a typo'd query word is matched by trigram
 * similarity against this short list, then searched with full-text search (pg_trgm docs, "text search").
 */
export const commentWords = pgTable(
  "comment_words",
  {
    portalId: portalId(),
    word: text("word").notNull(),
  },
  (t) => [primaryKey({ columns: [t.portalId, t.word] })],
);

/**
 * Themes a director or admin added to or removed from a comment by hand. Applied after every tagging
 * (lib/themes/overrides.ts), so they survive syncs and re-tagging; no foreign key to comments, so a sync that
 * rewrites a comment keeps them.
 */
export const commentThemeOverrides = pgTable(
  "comment_theme_overrides",
  {
    portalId: portalId(),
    commentSource: text("comment_source", { enum: ["timeline", "deal_field", "user_field"] }).notNull(),
    commentBitrixId: integer("comment_bitrix_id").notNull(),
    themeId: integer("theme_id").notNull(),
    dealId: integer("deal_id").notNull(),
    action: text("action", { enum: ["add", "remove"] }).notNull(),
    userId: integer("user_id"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.portalId, t.commentSource, t.commentBitrixId, t.themeId] }),
    foreignKey({
      name: "comment_theme_overrides_theme_fk",
      columns: [t.portalId, t.themeId],
      foreignColumns: [themes.portalId, themes.id],
    }).onDelete("cascade"),
    index("comment_theme_overrides_deal_idx").on(t.portalId, t.dealId),
  ],
);

/** A proposed competitor name (lower-case) an admin dismissed: not proposed again. */
export const competitorDismissals = pgTable(
  "competitor_dismissals",
  {
    portalId: portalId(),
    name: text("name").notNull(),
    userId: integer("user_id"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.portalId, t.name] })],
);
