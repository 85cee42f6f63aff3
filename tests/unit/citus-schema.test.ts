/**
 * The Citus schema rules (scripts/citus-schema-rules.ts) hold for db/schema, and each rule catches a table that
 * breaks it. The migrated database is checked by tests/integration/citus-keys.test.ts.
 */
import fs from "node:fs";
import path from "node:path";
import { is } from "drizzle-orm";
import {
  foreignKey,
  integer,
  PgTable,
  pgTable,
  primaryKey,
  serial,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import * as schema from "@/db/schema";
import {
  citusDistributionSql,
  LOCAL_TABLES,
  REFERENCE_TABLES,
  SQL_ONLY_TABLES,
  TENANT_TABLES,
} from "@/db/schema/tenancy";
import { checkSchemaTables, type TenancyLists } from "@/scripts/citus-schema-rules";

const tables: PgTable[] = (Object.values(schema) as unknown[]).filter((v): v is PgTable => is(v, PgTable));
const lists: TenancyLists = {
  tenant: TENANT_TABLES,
  reference: REFERENCE_TABLES,
  local: Object.keys(LOCAL_TABLES),
  sqlOnly: SQL_ONLY_TABLES,
};

describe("db/schema is ready for Citus by portal_id", () => {
  it("every table is placed and keeps the rules of its place", () => {
    expect(tables.length).toBeGreaterThan(30);
    expect(checkSchemaTables(tables, lists)).toEqual([]);
  });

  it("docs/scaling.md gives the distribution commands of tenancy.ts, in order", () => {
    const doc = fs.readFileSync(path.join(process.cwd(), "docs", "scaling.md"), "utf8");
    const commands = citusDistributionSql();
    expect(commands.length).toBe(TENANT_TABLES.length + REFERENCE_TABLES.length);
    let from = 0;
    for (const command of commands) {
      const at = doc.indexOf(command, from);
      expect(at, command).toBeGreaterThanOrEqual(0);
      from = at + command.length;
    }
  });
});

// Broken tables: each rule names the table that breaks it.
const parent = pgTable(
  "t_parent",
  { portalId: integer("portal_id").notNull(), id: serial("id").notNull() },
  (t) => [primaryKey({ columns: [t.portalId, t.id] })],
);
const globalId = pgTable("t_global_id", {
  id: serial("id").primaryKey(),
  portalId: integer("portal_id").notNull(),
});
const globalUnique = pgTable(
  "t_global_unique",
  { portalId: integer("portal_id").notNull(), id: integer("id").notNull(), token: text("token").notNull() },
  (t) => [primaryKey({ columns: [t.portalId, t.id] }), uniqueIndex("t_global_unique_token").on(t.token)],
);
const fkWithoutPortal = pgTable(
  "t_fk_without_portal",
  { portalId: integer("portal_id").notNull(), parentId: integer("parent_id").notNull() },
  (t) => [
    primaryKey({ columns: [t.portalId, t.parentId] }),
    foreignKey({ name: "t_fk_parent", columns: [t.parentId], foreignColumns: [parent.id] }),
  ],
);
const fkSetNull = pgTable(
  "t_fk_set_null",
  { portalId: integer("portal_id").notNull(), id: integer("id").notNull(), parentId: integer("parent_id") },
  (t) => [
    primaryKey({ columns: [t.portalId, t.id] }),
    foreignKey({
      name: "t_fk_sn",
      columns: [t.portalId, t.parentId],
      foreignColumns: [parent.portalId, parent.id],
    }).onDelete("set null"),
  ],
);
const nullablePortal = pgTable(
  "t_nullable_portal",
  { portalId: integer("portal_id"), id: integer("id").notNull() },
  (t) => [primaryKey({ columns: [t.portalId, t.id] })],
);
const noPk = pgTable("t_no_pk", { portalId: integer("portal_id").notNull(), v: text("v") });
const refToTenant = pgTable(
  "t_ref",
  { id: serial("id").primaryKey(), parentId: integer("parent_id") },
  (t) => [foreignKey({ name: "t_ref_parent", columns: [t.parentId], foreignColumns: [parent.id] })],
);
const unplaced = pgTable("t_unplaced", { id: serial("id").primaryKey() });

describe("the schema rules catch a broken table", () => {
  const fixtures: TenancyLists = {
    tenant: [
      "t_parent",
      "t_global_id",
      "t_global_unique",
      "t_fk_without_portal",
      "t_fk_set_null",
      "t_nullable_portal",
      "t_no_pk",
    ],
    reference: ["t_ref"],
    local: [],
  };
  const rules = (t: PgTable[], l: TenancyLists = fixtures) =>
    checkSchemaTables([parent, ...t], l).map((v) => `${v.table}: ${v.rule}`);

  it("a well-keyed tenant table passes", () => {
    expect(checkSchemaTables([parent], { tenant: ["t_parent"], reference: [], local: [] })).toEqual([]);
  });
  it.each([
    ["globalId", globalId, /t_global_id: primary key \(id\) lacks portal_id/],
    ["globalUnique", globalUnique, /t_global_unique: unique index t_global_unique_token lacks portal_id/],
    [
      "fkWithoutPortal",
      fkWithoutPortal,
      /t_fk_without_portal: foreign key t_fk_parent to tenant table t_parent does not pair portal_id/,
    ],
    ["fkSetNull", fkSetNull, /t_fk_set_null: foreign key t_fk_sn holds portal_id and deletes with SET NULL/],
    ["nullablePortal", nullablePortal, /t_nullable_portal: tenant table's portal_id may be null/],
    ["noPk", noPk, /t_no_pk: tenant table without a primary key/],
    ["refToTenant", refToTenant, /t_ref: reference table's foreign key t_ref_parent points at t_parent/],
    ["unplaced", unplaced, /t_unplaced: in none of the lists/],
  ])("%s", (_name, table, rule) => {
    const found = rules([table as PgTable]);
    expect(
      found.some((r) => rule.test(r)),
      found.join("\n"),
    ).toBe(true);
  });
  it("a tenant table listed before the table its foreign key points at", () => {
    const found = rules([fkSetNull], { tenant: ["t_fk_set_null", "t_parent"], reference: [], local: [] });
    expect(found).toContain("t_fk_set_null: listed before t_parent, which its foreign key t_fk_sn points at");
  });
  it("a listed table that does not exist", () => {
    expect(rules([], { tenant: ["t_parent", "t_gone"], reference: [], local: [] })).toContain(
      "t_gone: listed in db/schema/tenancy.ts but no such table in db/schema",
    );
  });
});
