import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  doublePrecision,
  foreignKey,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from "drizzle-orm/pg-core";
import { portalId, timestamptz } from "./columns";

/**
 * One row per deal, derived by the sync from deals + stage history + settings (DESIGN.md §3), so every report
 * reads one narrow table. Rebuilt for the affected deals after each sync.
 */
export const dealFacts = pgTable(
  "deal_facts",
  {
    portalId: portalId(),
    dealId: integer("deal_id").notNull(),
    outcome: text("outcome", { enum: ["won", "lost", "open"] }).notNull(),
    pipelineId: integer("pipeline_id").notNull(),
    stageId: text("stage_id").notNull(),
    managerId: integer("manager_id"),
    departmentId: integer("department_id"),
    sourceId: text("source_id"),
    createdAt: timestamptz("created_at").notNull(),
    /** Won or lost: when the deal was closed (last move into its final stage, else CLOSEDATE, else DATE_MODIFY). */
    closedAt: timestamptz("closed_at"),
    lossDate: timestamptz("loss_date"),
    /** Last process stage before the final move into failure; null = "unknown". */
    lostAtStageId: text("lost_at_stage_id"),
    /**
     * The canonical reason (lib/reasons): "r:<loss_reasons.id>" and its name, or null = not specified. A raw
     * reason not (yet) in loss_reason_map stands for itself.
     */
    reasonKey: text("reason_key"),
    reasonLabel: text("reason_label"),
    /** The raw reason: "stage:<STATUS_ID>" (a failure stage) or "field:<option id>" (the reason field), its label. */
    rawReasonKey: text("raw_reason_key"),
    rawReasonLabel: text("raw_reason_label"),
    /** Money in the portal's base currency; 0 and flagged when the deal has no amount. */
    amountBase: numeric("amount_base", { precision: 18, scale: 2, mode: "number" }).notNull().default(0),
    amountMissing: boolean("amount_missing").notNull().default(false),
    /** "company:<id>", "contact:<id>" or null. */
    clientKey: text("client_key"),
    isReturningClient: boolean("is_returning_client").notNull().default(false),
    hadPriorWin: boolean("had_prior_win").notNull().default(false),
    cycleDays: numeric("cycle_days", { precision: 10, scale: 2, mode: "number" }),
    activityCount: integer("activity_count").notNull().default(0),
    completedActivityCount: integer("completed_activity_count").notNull().default(0),
    /** Earliest start and latest end of the deal's activities (for relationship length without a join). */
    firstActivityAt: timestamptz("first_activity_at"),
    lastActivityAt: timestamptz("last_activity_at"),
    /** The client's relationship over all its deals: first deal creation or activity, latest close or activity. */
    clientFirstAt: timestamptz("client_first_at"),
    clientLastAt: timestamptz("client_last_at"),
    /**
     * Every stage the deal stood in within its final pipeline, in order of first entry (from deal_stage_spans),
     * with the days spent in each (closed spans only; null when it never left the stage). The funnel's "reached"
     * and the median time in stage read these instead of joining the spans.
     */
    spanStageIds: text("span_stage_ids").array(),
    spanStageDays: doublePrecision("span_stage_days").array(),
    hasComment: boolean("has_comment").notNull().default(false),
    computedAt: timestamptz("computed_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.portalId, t.dealId] }),
    index("deal_facts_loss_date_idx").on(t.portalId, t.lossDate),
    index("deal_facts_closed_at_idx").on(t.portalId, t.closedAt),
    index("deal_facts_pipeline_idx").on(t.portalId, t.pipelineId),
    index("deal_facts_manager_idx").on(t.portalId, t.managerId),
    index("deal_facts_stage_idx").on(t.portalId, t.lostAtStageId),
    index("deal_facts_reason_idx").on(t.portalId, t.reasonKey),
    index("deal_facts_raw_reason_idx").on(t.portalId, t.rawReasonKey),
    index("deal_facts_client_idx").on(t.portalId, t.clientKey),
    // The drill-down's default order (lib/analytics/drilldown.ts): the first page without sorting every deal.
    index("deal_facts_date_idx").on(
      t.portalId,
      sql`coalesce(${t.lossDate}, ${t.closedAt}, ${t.createdAt})`,
      t.dealId,
    ),
    // The Stages report's "open now" (every filter but the period): the open deals alone, each filter column in
    // the key, read without the table (lib/analytics/stages.ts).
    index("deal_facts_open_idx")
      .on(
        t.portalId,
        t.pipelineId,
        t.stageId,
        t.managerId,
        t.departmentId,
        t.sourceId,
        t.isReturningClient,
        t.amountBase,
        t.lostAtStageId,
        t.reasonKey,
        t.outcome,
      )
      .where(sql`${t.outcome} = 'open'`),
  ],
);

/** Per-deal time spent in each stage, from stage history (for "median days in stage before the loss"). */
export const dealStageSpans = pgTable(
  "deal_stage_spans",
  {
    portalId: portalId(),
    dealId: integer("deal_id").notNull(),
    seq: integer("seq").notNull(),
    pipelineId: integer("pipeline_id").notNull(),
    stageId: text("stage_id").notNull(),
    enteredAt: timestamptz("entered_at").notNull(),
    leftAt: timestamptz("left_at"),
  },
  (t) => [
    primaryKey({ columns: [t.portalId, t.dealId, t.seq] }),
    index("deal_stage_spans_stage_idx").on(t.portalId, t.stageId),
  ],
);

/**
 * The data version of a portal's facts: bumped by every deriveFacts run (each sync, each single-deal refresh,
 * each rebuild after a settings change). Report results are cached under it (lib/facts/cache.ts), so a
 * cached report is never older than the facts it was computed from.
 */
export const dealFactsVersions = pgTable("deal_facts_versions", {
  portalId: integer("portal_id").primaryKey(),
  version: bigint("version", { mode: "number" }).notNull().default(0),
  derivedAt: timestamptz("derived_at").notNull().defaultNow(),
  /** The rules (FACTS_RULES in lib/facts/version.ts) of the last whole derive; older rules → the next sync derives all. */
  rules: integer("rules").notNull().default(0),
});

/**
 * Counts and sums of the closed (won and lost) deal_facts rows per portal, local month of the close date (a lost
 * deal's close date is its loss date) in the portal's offset, and every dimension a filter can narrow. Rebuilt
 * in full for the portal at the end of each deriveFacts run, in the same transaction. Reports read it instead of
 * deal_facts only when their answer is exactly the same (lib/facts/monthly-read.ts); medians and per-deal
 * figures always read deal_facts (or deal_facts_stage_days).
 */
export const dealFactsMonthly = pgTable(
  "deal_facts_monthly",
  {
    /**
     * A surrogate key: the groups have no natural one (nullable dimensions), and moving a shard of a distributed
     * table by logical replication needs a primary key (docs/scaling.md).
     */
    id: bigserial("id", { mode: "number" }).notNull(),
    portalId: portalId(),
    /** Local month start (wall time in the portal's offset); null when the deal has no close date. */
    month: timestamp("month", { mode: "string" }),
    outcome: text("outcome", { enum: ["won", "lost"] }).notNull(),
    pipelineId: integer("pipeline_id").notNull(),
    managerId: integer("manager_id"),
    departmentId: integer("department_id"),
    sourceId: text("source_id"),
    isReturningClient: boolean("is_returning_client").notNull(),
    lostAtStageId: text("lost_at_stage_id"),
    reasonKey: text("reason_key"),
    /** min(reason_label) of the group's deals. */
    reasonLabel: text("reason_label"),
    /** The raw reason (deal_facts.raw_reason_key): a remap rewrites its groups' canonical reason in place. */
    rawReasonKey: text("raw_reason_key"),
    /** The stages the group's deals stood in (deal_facts.span_stage_ids): the funnel's "reached" counts. */
    spanStageIds: text("span_stage_ids").array(),
    /** Lost deals of a client who had bought before (deal_facts.had_prior_win). */
    hadPriorWin: boolean("had_prior_win").notNull().default(false),
    deals: integer("deals").notNull(),
    /** Exact sum of amount_base. */
    amountSum: numeric("amount_sum", { mode: "string" }).notNull(),
    /** Deals of the group with no amount. */
    amountMissing: integer("amount_missing").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.portalId, t.id] }),
    index("deal_facts_monthly_portal_month_idx").on(t.portalId, t.month),
  ],
);

/**
 * A portal's deal_facts_monthly is complete, built for this UTC offset (minutes), and its deal_facts_client_order
 * is complete. No row = neither is usable (lib/facts/monthly-read.ts).
 */
export const dealFactsMonthlyState = pgTable("deal_facts_monthly_state", {
  portalId: integer("portal_id").primaryKey(),
  offsetMinutes: integer("offset_minutes").notNull(),
  builtAt: timestamptz("built_at").notNull().defaultNow(),
});

/**
 * The days each lost deal spent in each stage of its pipeline (deal_facts.span_stage_ids/span_stage_days of
 * lost deals, unnested; closed spans only), with every filterable column of its deal_facts row. Kept by
 * deriveFacts in the same transaction; rows go with their deal_facts row (cascade). Its index lists a pipeline's
 * values per stage by close date with every filter column, so the Stages report's median of one stage over a
 * period reads one range of the index alone (lib/analytics/stages.ts).
 */
export const dealFactsStageDays = pgTable(
  "deal_facts_stage_days",
  {
    /** A surrogate key, as deal_facts_monthly's. */
    id: bigserial("id", { mode: "number" }).notNull(),
    portalId: portalId(),
    dealId: integer("deal_id").notNull(),
    stageId: text("stage_id").notNull(),
    days: doublePrecision("days").notNull(),
    /** Always "lost": the column lets the report's shared conditions (lib/facts/where.ts) apply as they are. */
    outcome: text("outcome", { enum: ["lost"] }).notNull(),
    pipelineId: integer("pipeline_id").notNull(),
    managerId: integer("manager_id"),
    departmentId: integer("department_id"),
    sourceId: text("source_id"),
    closedAt: timestamptz("closed_at"),
    lostAtStageId: text("lost_at_stage_id"),
    reasonKey: text("reason_key"),
    isReturningClient: boolean("is_returning_client").notNull(),
    amountBase: numeric("amount_base", { precision: 18, scale: 2, mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.portalId, t.id] }),
    foreignKey({
      columns: [t.portalId, t.dealId],
      foreignColumns: [dealFacts.portalId, dealFacts.dealId],
      name: "deal_facts_stage_days_deal_fk",
    }).onDelete("cascade"),
    index("deal_facts_stage_days_deal_idx").on(t.portalId, t.dealId),
    // One (pipeline, stage)'s values of a period are one range of this index, and every filterable column is in
    // the key, so the index alone answers a filtered median per stage (lib/analytics/stages.ts) for any period.
    index("deal_facts_stage_days_order_idx").on(
      t.portalId,
      t.pipelineId,
      t.stageId,
      t.closedAt,
      t.days,
      t.managerId,
      t.departmentId,
      t.sourceId,
      t.isReturningClient,
      t.lostAtStageId,
      t.reasonKey,
      t.amountBase,
      t.outcome,
    ),
  ],
);

/**
 * Each closed (won or lost) deal with a client, placed in its client's closed deals ordered by (closed_at,
 * deal_id): the close dates of the previous one and of the nearest won and lost ones before and after it, and
 * the client's relationship length. With them the Clients report answers a period-only director view without
 * grouping deals by client (lib/analytics/clients.ts): within a period [from, to) a client's deals in view are
 * consecutive, so the client is counted once, at its first deal in view (no previous one at or after `from`),
 * and it has both outcomes in view when a deal in view has one of the other outcome before it at or after
 * `from`, or after it before `to`. Kept by deriveFacts for the touched clients; valid while
 * deal_facts_monthly_state has the portal's row.
 */
export const dealFactsClientOrder = pgTable(
  "deal_facts_client_order",
  {
    portalId: portalId(),
    dealId: integer("deal_id").notNull(),
    clientKey: text("client_key").notNull(),
    outcome: text("outcome", { enum: ["won", "lost"] }).notNull(),
    closedAt: timestamptz("closed_at"),
    /** The client's first closed deal. */
    isClientFirst: boolean("is_client_first").notNull(),
    /** The client's won and lost deals (all of them are in view when the period is "all time"). */
    clientWonDeals: integer("client_won_deals").notNull(),
    clientLostDeals: integer("client_lost_deals").notNull(),
    prevClosedAt: timestamptz("prev_closed_at"),
    prevWonAt: timestamptz("prev_won_at"),
    prevLostAt: timestamptz("prev_lost_at"),
    nextWonAt: timestamptz("next_won_at"),
    nextLostAt: timestamptz("next_lost_at"),
    /**
     * The client's relationship in days (deal_facts.client_first_at → client_last_at), on each of its deals. A
     * double: the report's median casts to one anyway, and microsecond timestamps keep it off whole-day bounds.
     */
    relationshipDays: doublePrecision("relationship_days"),
    cycleDays: numeric("cycle_days", { precision: 10, scale: 2, mode: "number" }),
    activityCount: integer("activity_count").notNull(),
    completedActivityCount: integer("completed_activity_count").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.portalId, t.dealId] }),
    foreignKey({
      columns: [t.portalId, t.dealId],
      foreignColumns: [dealFacts.portalId, dealFacts.dealId],
      name: "deal_facts_client_order_deal_fk",
    }).onDelete("cascade"),
    index("deal_facts_client_order_client_idx").on(t.portalId, t.clientKey),
  ],
);
