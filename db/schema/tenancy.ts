/**
 * Where each table goes when the database is sharded by portal on Citus (docs/scaling.md, "Sharding by portal on
 * Citus"). Pure data, no tables: the schema check (tests/unit/citus-schema.test.ts, tests/integration/citus-keys)
 * fails when a table is in none of these lists or breaks the rules of its list, and the query check
 * (scripts/check-tenant-queries.ts) reads the tenant list.
 */

/** The distribution column every tenant table carries (NOT NULL) and leads its keys with. */
export const DISTRIBUTION_COLUMN = "portal_id";

/**
 * Tenant tables: one portal's rows, distributed by portal_id and co-located with `deals`. Listed in the order they
 * are distributed: a table comes after every tenant table its foreign keys point to.
 * `comment_search` is written by SQL only (migration 0007), so it has no Drizzle table.
 */
export const TENANT_TABLES = [
  "deals",
  "stage_history",
  "companies",
  "contacts",
  "activities",
  "comments",
  "comment_search",
  "pipelines",
  "stages",
  "status_dictionary",
  "currencies",
  "user_fields",
  "loss_reason_options",
  "b24_users",
  "departments",
  "deal_facts",
  "deal_stage_spans",
  "deal_facts_versions",
  "deal_facts_monthly",
  "deal_facts_monthly_state",
  "deal_facts_stage_days",
  "deal_facts_client_order",
  "themes",
  "competitors",
  "comment_themes",
  "comment_competitors",
  "comment_words",
  "comment_theme_overrides",
  "competitor_dismissals",
  "loss_reasons",
  "loss_reason_map",
  "loss_reason_rejections",
  "sync_runs",
  "sync_cursors",
  "quarantine",
  "share_links",
  "report_cache",
] as const;

/** Tenant tables with no Drizzle table (written by SQL only): the schema check reads them from a migrated database. */
export const SQL_ONLY_TABLES = ["comment_search"] as const;

/**
 * Reference tables: small, shared by every portal, copied to every node. Tenant tables may point foreign keys at
 * them and join them on any column.
 */
export const REFERENCE_TABLES = [
  /** One row per connected portal: the tenants themselves. */
  "portals",
  /** People who sign in; a manager's row names the portal and Bitrix24 user it may see (share_links.created_by). */
  "app_users",
] as const;

/** Local tables: plain tables on the coordinator, never joined with tenant tables, each with the reason. */
export const LOCAL_TABLES = {
  settings: "instance-wide key/value state (OAuth pending states, sign-in nonces); read by key alone",
  auth_throttle: "sign-in throttle counters: written on every failed sign-in, read by key alone",
  audit_log: "instance-wide audit trail: appended, read by time; portal named in its text, not a key",
} as const;

/** Schemas that are not the product's tables: the migrator's bookkeeping and the job queue's own schema. */
export const LOCAL_SCHEMAS = ["drizzle", "pgboss"] as const;

export type TenantTable = (typeof TENANT_TABLES)[number];
export type ReferenceTable = (typeof REFERENCE_TABLES)[number];
export type LocalTable = keyof typeof LOCAL_TABLES;
export type TableTenancy = "tenant" | "reference" | "local";

const tenant = new Set<string>(TENANT_TABLES);
const reference = new Set<string>(REFERENCE_TABLES);
const local = new Set<string>(Object.keys(LOCAL_TABLES));

/** How a table of the public schema is placed; null = not classified (the schema check fails on it). */
export function tenancyOf(table: string): TableTenancy | null {
  if (tenant.has(table)) return "tenant";
  if (reference.has(table)) return "reference";
  if (local.has(table)) return "local";
  return null;
}

/** The Citus commands that distribute the schema, in order (docs/scaling.md quotes them; a test keeps them equal). */
export function citusDistributionSql(): string[] {
  const [first, ...rest] = TENANT_TABLES;
  return [
    ...REFERENCE_TABLES.map((t) => `SELECT create_reference_table('${t}');`),
    `SELECT create_distributed_table('${first}', '${DISTRIBUTION_COLUMN}');`,
    ...rest.map(
      (t) =>
        `SELECT create_distributed_table('${t}', '${DISTRIBUTION_COLUMN}', colocate_with => '${first}');`,
    ),
  ];
}
