/** The audit log: who did what, when, from where. Plain `(db, …)` functions, no next imports. */
import { desc, eq } from "drizzle-orm";
import type { Database } from "@/db";
import { appUsers, auditLog } from "@/db/schema";

/** Actions written by lib/auth; other modules add their own (settings.change, sync.start, portal.connect, …). */
export type AuthAuditAction =
  | "auth.sign_in"
  | "auth.sign_in_failed"
  | "auth.rate_limited"
  | "auth.sign_out"
  | "auth.first_admin"
  | "user.create"
  | "user.role"
  | "user.disable"
  | "user.enable"
  | "user.link";

export interface AuditEntry {
  actorUserId?: number | null;
  action: AuthAuditAction | (string & {});
  target?: string | null;
  details?: Record<string, unknown>;
  ip?: string | null;
}

export async function audit(db: Database, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    actorUserId: entry.actorUserId ?? null,
    action: entry.action,
    target: entry.target ?? null,
    details: entry.details ?? {},
    ip: entry.ip ?? null,
  });
}

export interface AuditRow {
  id: number;
  at: Date;
  actorEmail: string | null;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  ip: string | null;
}

export async function listAudit(db: Database, limit = 200): Promise<AuditRow[]> {
  return db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actorEmail: appUsers.email,
      action: auditLog.action,
      target: auditLog.target,
      details: auditLog.details,
      ip: auditLog.ip,
    })
    .from(auditLog)
    .leftJoin(appUsers, eq(appUsers.id, auditLog.actorUserId))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit);
}
