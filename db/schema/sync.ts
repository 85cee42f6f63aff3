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
import { portalId, timestamptz } from "./columns";
import { portals } from "./portals";

export const syncRuns = pgTable(
  "sync_runs",
  {
    id: serial("id").notNull(),
    portalId: integer("portal_id")
      .notNull()
      .references(() => portals.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["full", "incremental", "event"] }).notNull(),
    status: text("status", { enum: ["running", "succeeded", "failed", "aborted"] }).notNull(),
    trigger: text("trigger", { enum: ["manual", "cli", "schedule", "event", "demo"] }).notNull(),
    startedAt: timestamptz("started_at").notNull().defaultNow(),
    finishedAt: timestamptz("finished_at"),
    /** Per-entity progress and counts: { deals: { pages, rows, total }, ... }. */
    progress: jsonb("progress")
      .$type<Record<string, { pages: number; rows: number; total?: number }>>()
      .notNull()
      .default({}),
    apiCalls: integer("api_calls").notNull().default(0),
    quarantined: integer("quarantined").notNull().default(0),
    /** A user-safe error code and message; details go to the server log. */
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
  },
  (t) => [
    primaryKey({ columns: [t.portalId, t.id] }),
    index("sync_runs_portal_idx").on(t.portalId, t.startedAt),
  ],
);

/** Where each entity's sync stands, saved after every page so a killed sync resumes. */
export const syncCursors = pgTable(
  "sync_cursors",
  {
    portalId: portalId(),
    entity: text("entity").notNull(),
    mode: text("mode", { enum: ["full", "incremental"] }).notNull(),
    cursor: jsonb("cursor").$type<Record<string, unknown>>().notNull(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.portalId, t.entity] })],
);

/** Records that failed validation, kept with the reason and the payload; the sync goes on without them. */
export const quarantine = pgTable(
  "quarantine",
  {
    id: bigserial("id", { mode: "number" }).notNull(),
    portalId: portalId(),
    runId: integer("run_id"),
    entity: text("entity").notNull(),
    bitrixId: text("bitrix_id"),
    reason: text("reason").notNull(),
    payload: jsonb("payload").notNull(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.portalId, t.id] }),
    index("quarantine_portal_idx").on(t.portalId, t.entity),
  ],
);
