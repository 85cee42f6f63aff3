/** App users: sign-in lookup and the admin's user management. Plain `(db, …)` functions, no next imports. */
import { and, asc, eq, sql } from "drizzle-orm";
import type { Database, DbOrTx } from "@/db";
import { appUsers, b24Users, portals, type Role } from "@/db/schema";
import { AppError } from "./errors";
import { hashPassword } from "./password";

export type AppUser = typeof appUsers.$inferSelect;

export interface NewUser {
  email: string;
  name: string;
  password: string;
  role: Role;
  portalId?: number | null;
  b24UserId?: number | null;
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export async function countUsers(db: Database): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(appUsers);
  return row?.n ?? 0;
}

async function insertUser(db: DbOrTx, input: NewUser): Promise<AppUser> {
  const [row] = await db
    .insert(appUsers)
    .values({
      email: normaliseEmail(input.email),
      name: input.name.trim(),
      passwordHash: await hashPassword(input.password),
      role: input.role,
      portalId: input.portalId ?? null,
      b24UserId: input.b24UserId ?? null,
    })
    .onConflictDoNothing()
    .returning();
  if (!row)
    throw new AppError("CONFLICT", {
      ru: "Пользователь с таким e-mail уже есть",
      en: "That e-mail is taken",
    });
  return row;
}

/** Throws AppError CONFLICT when the e-mail is taken. */
export function createUser(db: Database, input: NewUser): Promise<AppUser> {
  return insertUser(db, input);
}

/**
 * The first start: creates the admin only while the table is empty. Two concurrent setup posts are serialised by
 * an advisory lock, so at most one of them creates an account; the other gets null.
 */
export async function createFirstAdmin(
  db: Database,
  input: Omit<NewUser, "role" | "portalId" | "b24UserId">,
): Promise<AppUser | null> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7420001)`);
    const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(appUsers);
    if ((row?.n ?? 0) > 0) return null;
    return insertUser(tx, { ...input, role: "admin" });
  });
}

export async function findByEmail(db: Database, email: string): Promise<AppUser | null> {
  const [row] = await db
    .select()
    .from(appUsers)
    .where(eq(appUsers.email, normaliseEmail(email)));
  return row ?? null;
}

export async function findUserById(db: Database, id: number): Promise<AppUser | null> {
  const [row] = await db.select().from(appUsers).where(eq(appUsers.id, id));
  return row ?? null;
}

export async function listUsers(db: Database): Promise<AppUser[]> {
  return db.select().from(appUsers).orderBy(asc(appUsers.id));
}

async function mustUpdate(db: Database, id: number, patch: Partial<AppUser>): Promise<AppUser> {
  const [row] = await db.update(appUsers).set(patch).where(eq(appUsers.id, id)).returning();
  if (!row) throw new AppError("NOT_FOUND");
  return row;
}

export function setRole(db: Database, id: number, role: Role): Promise<AppUser> {
  return mustUpdate(db, id, { role });
}

/**
 * Disabling also voids every session begun before it, for good: re-enabling the account later must not bring
 * back a cookie that was issued before the disable (the guards would otherwise accept it again).
 */
export function setDisabled(db: Database, id: number, disabled: boolean): Promise<AppUser> {
  return mustUpdate(db, id, disabled ? { disabled, sessionsValidAfter: new Date() } : { disabled });
}

export function setLocale(db: Database, id: number, locale: "ru" | "en"): Promise<AppUser> {
  return mustUpdate(db, id, { locale });
}

export async function setPassword(db: Database, id: number, password: string): Promise<AppUser> {
  return mustUpdate(db, id, { passwordHash: await hashPassword(password) });
}

export function setName(db: Database, id: number, name: string): Promise<AppUser> {
  return mustUpdate(db, id, { name: name.trim() });
}

export function touchLastLogin(db: Database, id: number): Promise<AppUser> {
  return mustUpdate(db, id, { lastLoginAt: new Date() });
}

/**
 * Links a person to the Bitrix24 user whose deals they may see (a manager's data scope), or unlinks with null.
 * The Bitrix24 user must be a synced row of that portal (demo seeding may skip that: a deal owner can be unsynced).
 */
export async function linkManager(
  db: Database,
  id: number,
  link: { portalId: number; b24UserId: number } | null,
  options: { requireSynced?: boolean } = {},
): Promise<AppUser> {
  if (link && options.requireSynced !== false) {
    const [known] = await db
      .select({ id: b24Users.bitrixId })
      .from(b24Users)
      .where(and(eq(b24Users.portalId, link.portalId), eq(b24Users.bitrixId, link.b24UserId)));
    if (!known) throw new AppError("NOT_FOUND");
  }
  return mustUpdate(db, id, { portalId: link?.portalId ?? null, b24UserId: link?.b24UserId ?? null });
}

export interface B24UserOption {
  portalId: number;
  portalDomain: string;
  b24UserId: number;
  name: string;
  active: boolean;
}

/** Synced Bitrix24 users of every portal, for the manager-link picker. */
export async function listB24UserOptions(db: Database): Promise<B24UserOption[]> {
  const rows = await db
    .select({
      portalId: b24Users.portalId,
      portalDomain: portals.domain,
      b24UserId: b24Users.bitrixId,
      name: b24Users.name,
      lastName: b24Users.lastName,
      email: b24Users.email,
      active: b24Users.active,
    })
    .from(b24Users)
    .innerJoin(portals, eq(portals.id, b24Users.portalId))
    .orderBy(asc(portals.id), asc(b24Users.lastName), asc(b24Users.name), asc(b24Users.bitrixId));
  return rows.map((r) => ({
    portalId: r.portalId,
    portalDomain: r.portalDomain,
    b24UserId: r.b24UserId,
    name: `${r.name} ${r.lastName}`.trim() || r.email || `#${r.b24UserId}`,
    active: r.active,
  }));
}

/** Voids every session of this user that began before now (any sign-out; the JWT cookie cannot be recalled). */
export async function endSessions(db: Database, id: number): Promise<void> {
  await db.update(appUsers).set({ sessionsValidAfter: new Date() }).where(eq(appUsers.id, id));
}
