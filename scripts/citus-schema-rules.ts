/**
 * The schema rules of sharding by portal on Citus (docs/scaling.md), over Drizzle tables: every table is placed
 * (db/schema/tenancy.ts); a tenant table carries a NOT NULL portal_id, and its primary key, unique keys and foreign
 * keys to other tenant tables hold it; no key that holds it deletes with SET NULL / SET DEFAULT or updates with an
 * action (Citus refuses both); reference tables point only at reference tables; tenant tables are listed after the
 * tables they point at. Each violation names its table. Tests run it over db/schema and over broken fixtures.
 */
import { is } from "drizzle-orm";
import { getTableConfig, PgColumn, type PgTable } from "drizzle-orm/pg-core";
import { DISTRIBUTION_COLUMN, type TableTenancy } from "../db/schema/tenancy";

export interface TenancyLists {
  tenant: readonly string[];
  reference: readonly string[];
  local: readonly string[];
  /** Tenant tables that have no Drizzle table (checked in the migrated database instead). */
  sqlOnly?: readonly string[];
}

export interface SchemaViolation {
  table: string;
  rule: string;
}

/** Column names of a key; null for an expression (an index on `coalesce(…)`). */
const columnNames = (cols: readonly unknown[]): (string | null)[] =>
  cols.map((c) => {
    if (is(c, PgColumn)) return c.name;
    const name = (c as { name?: unknown } | null)?.name; // an index's column (IndexedColumn)
    return typeof name === "string" ? name : null;
  });

export function placeOf(lists: TenancyLists, table: string): TableTenancy | null {
  if (lists.tenant.includes(table)) return "tenant";
  if (lists.reference.includes(table)) return "reference";
  if (lists.local.includes(table)) return "local";
  return null;
}

export function checkSchemaTables(tables: readonly PgTable[], lists: TenancyLists): SchemaViolation[] {
  const out: SchemaViolation[] = [];
  const bad = (table: string, rule: string) => out.push({ table, rule });
  const names = new Set(tables.map((t) => getTableConfig(t).name));
  const D = DISTRIBUTION_COLUMN;

  const placed = [...lists.tenant, ...lists.reference, ...lists.local];
  for (const name of new Set(placed)) {
    if (placed.filter((n) => n === name).length > 1)
      bad(name, "listed more than once in db/schema/tenancy.ts");
    if (!names.has(name) && !lists.sqlOnly?.includes(name))
      bad(name, "listed in db/schema/tenancy.ts but no such table in db/schema");
  }

  for (const table of tables) {
    const cfg = getTableConfig(table);
    const name = cfg.name;
    const place = placeOf(lists, name);
    if (place === null) {
      bad(name, "in none of the lists of db/schema/tenancy.ts (tenant, reference, local)");
      continue;
    }
    const fks = cfg.foreignKeys.map((fk) => {
      const ref = fk.reference();
      const target = ref.foreignColumns[0] ? getTableConfig(ref.foreignColumns[0].table).name : "?";
      return {
        name: fk.getName(),
        columns: columnNames(ref.columns),
        foreignColumns: columnNames(ref.foreignColumns),
        target,
        onDelete: fk.onDelete ?? "no action",
        onUpdate: fk.onUpdate ?? "no action",
      };
    });

    if (place === "reference") {
      for (const fk of fks) {
        if (placeOf(lists, fk.target) !== "reference")
          bad(name, `reference table's foreign key ${fk.name} points at ${fk.target}, not a reference table`);
      }
      continue;
    }
    if (place === "local") continue;

    const portal = cfg.columns.find((c) => c.name === D);
    if (!portal) {
      bad(name, `tenant table without a ${D} column`);
      continue;
    }
    if (!portal.notNull) bad(name, `tenant table's ${D} may be null (a distribution column cannot)`);

    const inlinePk = cfg.columns.filter((c) => c.primary).map((c) => c.name);
    const pks = [
      ...cfg.primaryKeys.map((pk) => columnNames(pk.columns)),
      ...(inlinePk.length ? [inlinePk] : []),
    ];
    if (pks.length === 0) bad(name, `tenant table without a primary key (one holding ${D})`);
    for (const pk of pks) if (!pk.includes(D)) bad(name, `primary key (${pk.join(", ")}) lacks ${D}`);

    for (const c of cfg.columns)
      if (c.isUnique) bad(name, `unique column ${c.name} alone (a unique key must hold ${D})`);
    for (const u of cfg.uniqueConstraints) {
      const cols = columnNames(u.columns);
      if (!cols.includes(D)) bad(name, `unique constraint ${u.name ?? ""} (${cols.join(", ")}) lacks ${D}`);
    }
    for (const ix of cfg.indexes) {
      if (!ix.config.unique) continue;
      const cols = columnNames(ix.config.columns);
      if (!cols.includes(D)) bad(name, `unique index ${ix.config.name ?? ""} lacks ${D}`);
    }

    for (const fk of fks) {
      const targetPlace = placeOf(lists, fk.target);
      const at = fk.columns.indexOf(D);
      if (targetPlace === "local" || targetPlace === null)
        bad(name, `foreign key ${fk.name} points at ${fk.target}, neither tenant nor reference table`);
      if (targetPlace === "tenant") {
        if (at === -1 || fk.foreignColumns[at] !== D)
          bad(name, `foreign key ${fk.name} to tenant table ${fk.target} does not pair ${D} with ${D}`);
        else if (lists.tenant.indexOf(fk.target) > lists.tenant.indexOf(name))
          bad(name, `listed before ${fk.target}, which its foreign key ${fk.name} points at`);
      }
      if (at !== -1 && (fk.onDelete === "set null" || fk.onDelete === "set default"))
        bad(
          name,
          `foreign key ${fk.name} holds ${D} and deletes with ${fk.onDelete.toUpperCase()} (Citus refuses it)`,
        );
      if (at !== -1 && fk.onUpdate !== "no action" && fk.onUpdate !== "restrict")
        bad(
          name,
          `foreign key ${fk.name} holds ${D} and updates with ${fk.onUpdate.toUpperCase()} (Citus refuses it)`,
        );
    }
  }
  return out;
}
