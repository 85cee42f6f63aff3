import { boolean, index, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { portalId, raw, syncedAt, timestamptz } from "./columns";

/** Bitrix24 users (user.get): the managers deals are assigned to. */
export const b24Users = pgTable(
  "b24_users",
  {
    portalId: portalId(),
    bitrixId: integer("bitrix_id").notNull(),
    name: text("name").notNull().default(""),
    lastName: text("last_name").notNull().default(""),
    secondName: text("second_name"),
    email: text("email"),
    workPosition: text("work_position"),
    active: boolean("active").notNull(),
    departmentIds: integer("department_ids").array().notNull().default([]),
    dateRegister: timestamptz("date_register"),
    raw: raw(),
    syncedAt: syncedAt(),
  },
  (t) => [primaryKey({ columns: [t.portalId, t.bitrixId] })],
);

export const departments = pgTable(
  "departments",
  {
    portalId: portalId(),
    bitrixId: integer("bitrix_id").notNull(),
    name: text("name").notNull(),
    parentId: integer("parent_id"),
    headUserId: integer("head_user_id"),
    sort: integer("sort").notNull().default(500),
    raw: raw(),
    syncedAt: syncedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.portalId, t.bitrixId] }),
    index("departments_parent_idx").on(t.portalId, t.parentId),
  ],
);
