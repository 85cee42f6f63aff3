/**
 * Demo logins for `npm start` demo mode. Idempotent: run it on every start; existing demo accounts are re-enabled,
 * re-linked and get their documented password back.
 *
 *   admin@demo.losslens     demo-admin      admin
 *   director@demo.losslens  demo-director   director
 *   manager1@demo.losslens  demo-manager    manager → the portal's Bitrix24 user with the most deals
 *   manager2@demo.losslens  demo-manager    manager → the one with the second most
 *
 * A portal with fewer than two deal owners gets fewer manager logins. Never call this outside demo mode.
 */
import { and, asc, eq, like, sql } from "drizzle-orm";
import { type Database, queryRows } from "@/db";
import { appUsers, portals, type Role } from "@/db/schema";
import { verifyPassword } from "./password";
import { createUser, findByEmail, linkManager, setDisabled, setName, setPassword, setRole } from "./users";

export interface DemoLogin {
  email: string;
  password: string;
  role: Role;
  name: string;
}

export const DEMO_PASSWORDS = {
  admin: "demo-admin",
  director: "demo-director",
  manager: "demo-manager",
} as const;

async function topDealOwners(db: Database, portalId: number): Promise<{ id: number; name: string | null }[]> {
  return queryRows<{ id: number; name: string | null }>(
    db,
    sql`select d.assigned_by_id as id,
               nullif(trim(coalesce(max(u.name), '') || ' ' || coalesce(max(u.last_name), '')), '') as name
        from deals d
        left join b24_users u on u.portal_id = d.portal_id and u.bitrix_id = d.assigned_by_id
        where d.portal_id = ${portalId} and d.assigned_by_id is not null
        group by d.assigned_by_id
        order by count(*) desc, d.assigned_by_id
        limit 2`,
  );
}

export async function seedDemoUsers(db: Database, portalId: number): Promise<DemoLogin[]> {
  const owners = await topDealOwners(db, portalId);
  const wanted: (DemoLogin & { link: { portalId: number; b24UserId: number } | null })[] = [
    {
      email: "admin@demo.losslens",
      password: DEMO_PASSWORDS.admin,
      role: "admin",
      name: "Администратор",
      link: null,
    },
    {
      email: "director@demo.losslens",
      password: DEMO_PASSWORDS.director,
      role: "director",
      name: "Руководитель отдела продаж",
      link: null,
    },
    ...owners.map((o, i) => ({
      email: `manager${i + 1}@demo.losslens`,
      password: DEMO_PASSWORDS.manager,
      role: "manager" as const,
      name: o.name ?? `Менеджер ${i + 1}`,
      link: { portalId, b24UserId: Number(o.id) },
    })),
  ];
  for (const login of wanted) {
    const existing = await findByEmail(db, login.email);
    if (!existing) {
      await createUser(db, {
        ...login,
        portalId: login.link?.portalId ?? null,
        b24UserId: login.link?.b24UserId ?? null,
      });
      continue;
    }
    if (existing.role !== login.role) await setRole(db, existing.id, login.role);
    if (existing.disabled) await setDisabled(db, existing.id, false);
    if (existing.name !== login.name) await setName(db, existing.id, login.name);
    if (
      existing.portalId !== (login.link?.portalId ?? null) ||
      existing.b24UserId !== (login.link?.b24UserId ?? null)
    )
      await linkManager(db, existing.id, login.link, { requireSynced: false });
    if (!(await verifyPassword(existing.passwordHash, login.password)))
      await setPassword(db, existing.id, login.password);
  }
  return wanted.map(({ email, password, role, name }) => ({ email, password, role, name }));
}

/** A demo login's password hash → whether it still is the documented password (argon2 is slow: ask once). */
const stillDocumented = new Map<string, Promise<boolean>>();

/**
 * The demo logins to show on the sign-in page: only while the demo portal is connected, only enabled demo accounts,
 * and only those whose password is still the documented one (an admin who changed it does not see it printed).
 */
export async function listDemoLogins(db: Database): Promise<DemoLogin[]> {
  const [demo] = await db.select({ id: portals.id }).from(portals).where(eq(portals.isDemo, true)).limit(1);
  if (!demo) return [];
  const rows = await db
    .select()
    .from(appUsers)
    .where(and(like(appUsers.email, "%@demo.losslens"), eq(appUsers.disabled, false)))
    .orderBy(asc(appUsers.id));
  const shown: DemoLogin[] = [];
  for (const u of rows) {
    const password = DEMO_PASSWORDS[u.role];
    const key = `${u.passwordHash}:${password}`;
    if (!stillDocumented.has(key)) stillDocumented.set(key, verifyPassword(u.passwordHash, password));
    if (await stillDocumented.get(key)) shown.push({ email: u.email, password, role: u.role, name: u.name });
  }
  return shown;
}
