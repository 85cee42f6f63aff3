import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { timestamptz } from "./columns";
import { portals } from "./portals";

export const ROLES = ["admin", "director", "manager"] as const;
export type Role = (typeof ROLES)[number];

export const appUsers = pgTable(
  "app_users",
  {
    id: serial("id").primaryKey(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash"),
    role: text("role", { enum: ROLES }).notNull(),
    /** Manager link: the Bitrix24 user whose deals this person may see. */
    portalId: integer("portal_id").references(() => portals.id, { onDelete: "set null" }),
    b24UserId: integer("b24_user_id"),
    locale: text("locale", { enum: ["ru", "en"] })
      .notNull()
      .default("ru"),
    disabled: boolean("disabled").notNull().default(false),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    lastLoginAt: timestamptz("last_login_at"),
    /**
     * Sessions that began before this instant are void (set on sign-out). The JWT cookie alone cannot be taken
     * back: a request in flight at sign-out gets it re-issued by the session refresh.
     */
    sessionsValidAfter: timestamptz("sessions_valid_after"),
  },
  (t) => [uniqueIndex("app_users_email_uq").on(t.email)],
);

export const shareLinks = pgTable(
  "share_links",
  {
    id: serial("id").notNull(),
    /** SHA-256 of the token; the token itself is shown once and never stored. */
    tokenHash: text("token_hash").notNull(),
    portalId: integer("portal_id")
      .notNull()
      .references(() => portals.id, { onDelete: "cascade" }),
    createdBy: integer("created_by")
      .notNull()
      .references(() => appUsers.id, { onDelete: "cascade" }),
    report: text("report").notNull(),
    /** Validated filter snapshot frozen at creation. */
    filters: jsonb("filters").$type<Record<string, unknown>>().notNull(),
    managerId: integer("manager_id"),
    label: text("label"),
    expiresAt: timestamptz("expires_at").notNull(),
    revokedAt: timestamptz("revoked_at"),
    views: integer("views").notNull().default(0),
    lastOpenedAt: timestamptz("last_opened_at"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.portalId, t.id] }),
    // Unique with the portal (a distributed table's unique keys hold its distribution column); the token hash
    // leads so a link is still found by its token alone.
    uniqueIndex("share_links_token_uq").on(t.tokenHash, t.portalId),
    index("share_links_creator_idx").on(t.createdBy),
  ],
);

/**
 * Failed password sign-ins per key — `a:<e-mail>`, `as:<e-mail>|<source>`, `s:<source>` (lib/auth/throttle.ts).
 * A counter whose last failure is older than the throttle window counts from 1 again and is swept.
 */
export const authThrottle = pgTable(
  "auth_throttle",
  {
    key: text("key").primaryKey(),
    failures: integer("failures").notNull(),
    lastFailureAt: timestamptz("last_failure_at").notNull(),
  },
  (t) => [index("auth_throttle_last_failure_idx").on(t.lastFailureAt)],
);

export const settings = pgTable("settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: timestamptz("updated_at").notNull().defaultNow(),
});

export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamptz("at").notNull().defaultNow(),
    actorUserId: integer("actor_user_id"),
    action: text("action").notNull(),
    target: text("target"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    ip: text("ip"),
  },
  (t) => [index("audit_log_at_idx").on(t.at), index("audit_log_action_idx").on(t.action, t.at)],
);
