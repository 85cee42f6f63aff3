import { sql } from "drizzle-orm";
import { integer, jsonb, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { timestamptz } from "./columns";
import { portals } from "./portals";

/**
 * Report results shared by every web instance and worker (lib/facts/cache.ts): a result computed anywhere — by a
 * page on one instance, or by the warm-up job on a worker — is read by the others while the portal's data version
 * is the same. An ordinary (logged) table, so read replicas have it too; a miss only means computing.
 */
export const reportCache = pgTable(
  "report_cache",
  {
    portalId: integer("portal_id")
      .notNull()
      .references(() => portals.id, { onDelete: "cascade" }),
    /** md5 of the report name, scope, filters and options. */
    keyHash: text("key_hash").notNull(),
    /** The facts version and settings hash the result was computed from (reportDataVersion). */
    version: text("version").notNull(),
    value: jsonb("value").notNull(),
    computedAt: timestamptz("computed_at").notNull().default(sql`now()`),
  },
  (t) => [primaryKey({ columns: [t.portalId, t.keyHash] })],
);
