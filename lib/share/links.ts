/**
 * Public read-only report links (issue 6). A link freezes one report, a validated filter snapshot and optionally
 * one manager; it expires (30 days by default, a year at most), can be revoked, and counts its views. Plain
 * `(db, …)` functions with no next/* imports: the server actions and pages call them, and so do the tests.
 *
 * The frozen scope is the creator's scope narrowed to the chosen manager: a manager can only ever share their
 * own deals, and a link can never show more than its creator could see when it was made — nor more than its
 * creator may see now: every view re-reads the creator's role and Bitrix24 link (see `servedScope`).
 *
 * Two clocks: expiry, creation, revocation and views are security facts and use the real clock (`now`, the
 * default `new Date()`); only freezing a relative period ("last 90 days") reads the report clock, which the
 * demo and the tests may freeze with LOSSLENS_NOW.
 */
import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { type Database, queryRows } from "@/db";
import { appUsers, shareLinks } from "@/db/schema";
import type { DataScope } from "@/lib/analytics/scope";
import { audit } from "@/lib/auth/audit";
import { AppError } from "@/lib/auth/errors";
import { scopeFor, type Viewer } from "@/lib/auth/viewer";
import { REPORT_KINDS, type ReportKind } from "@/lib/reports/registry";
import { parseFilters } from "@/lib/url-state/filters";
import { DRILLDOWN_SORTS } from "@/lib/url-state/slice";
import { DEFAULT_EXPIRY_DAYS, LABEL_MAX, MAX_EXPIRY_DAYS } from "./constants";
import { freezeFilters, frozenParams } from "./filters";
import { generateShareToken, hashShareToken, isWellFormedToken } from "./token";

/** A link can freeze any report (lib/reports/registry.ts). */
export const SHAREABLE_REPORTS = REPORT_KINDS;
export type ShareableReport = ReportKind;

export { DEFAULT_EXPIRY_DAYS, LABEL_MAX, MAX_EXPIRY_DAYS };

const DAY_MS = 86_400_000;

const emptyToNull = (v: unknown) => (v === "" || v === undefined ? null : v);

export const createShareInput = z.object({
  report: z.enum(SHAREABLE_REPORTS),
  /** The report's current search string ("period=last30&pipeline=0"), as the creator saw it. */
  query: z.string().max(4000).default(""),
  managerId: z.preprocess(emptyToNull, z.coerce.number().int().positive().max(999_999_999).nullable()),
  expiresInDays: z.preprocess(
    (v) => (v === "" || v === undefined ? DEFAULT_EXPIRY_DAYS : v),
    z.coerce.number().int().min(1).max(MAX_EXPIRY_DAYS),
  ),
  label: z.preprocess(
    (v) => (typeof v === "string" ? v.trim() || null : (v ?? null)),
    z.string().max(LABEL_MAX).nullable(),
  ),
});
/** What the dialog (or a test) sends; strings from a form are coerced by the schema. */
export interface CreateShareInput {
  report: ShareableReport;
  query?: string;
  managerId?: number | string | null;
  expiresInDays?: number | string;
  label?: string | null;
}

export interface SharePortal {
  id: number;
  offset: string;
}

export interface CreatedShareLink {
  id: number;
  /** Shown once; only its hash is stored. */
  token: string;
  expiresAt: Date;
}

export async function createShareLink(
  db: Database,
  creator: Viewer,
  portal: SharePortal,
  raw: CreateShareInput,
  now: Date = new Date(),
  /** The report clock: what "last 90 days" means in the frozen filters. */
  reportNow: Date = now,
): Promise<CreatedShareLink> {
  const input = createShareInput.parse(raw);
  const scope = scopeFor(creator, portal.id);
  let managerId = input.managerId;
  if (scope.managerIds !== null) {
    // A manager shares their own deals only; not linked (or linked elsewhere) means nothing to share.
    const own = scope.managerIds[0];
    if (own === undefined) throw new AppError("FORBIDDEN");
    managerId ??= own;
    if (!scope.managerIds.includes(managerId)) throw new AppError("FORBIDDEN");
  } else if (managerId !== null) {
    const [known] = await queryRows<{ n: number }>(
      db,
      sql`select 1 as n from b24_users where portal_id = ${portal.id} and bitrix_id = ${managerId}`,
    );
    if (!known) throw new AppError("NOT_FOUND");
  }
  const filters = parseFilters(new URLSearchParams(input.query), reportNow, {
    offset: portal.offset,
    sorts: DRILLDOWN_SORTS,
  });
  if (managerId !== null) filters.managers = filters.managers.filter((m) => m === managerId);
  const params = freezeFilters(filters);
  const token = generateShareToken();
  const expiresAt = new Date(now.getTime() + input.expiresInDays * DAY_MS);
  const [row] = await db
    .insert(shareLinks)
    .values({
      tokenHash: hashShareToken(token),
      portalId: portal.id,
      createdBy: creator.id,
      report: input.report,
      filters: Object.fromEntries(params),
      managerId,
      label: input.label,
      expiresAt,
      createdAt: now,
    })
    .returning({ id: shareLinks.id });
  if (!row) throw new Error("share link insert returned nothing");
  await audit(db, {
    actorUserId: creator.id,
    action: "share.create",
    target: `share:${row.id}`,
    details: {
      report: input.report,
      filters: params.toString(),
      managerId,
      expiresAt: expiresAt.toISOString(),
      label: input.label,
    },
  });
  return { id: row.id, token, expiresAt };
}

export type ShareLinkRow = typeof shareLinks.$inferSelect;
/** "suspended": the creator may no longer see what the link shows (demoted, re-linked, unlinked, disabled). */
export type ShareStatus = "active" | "expired" | "revoked" | "suspended";

export type ShareResolution =
  | { status: "ok"; link: ShareLinkRow; params: URLSearchParams; scope: DataScope }
  | { status: "expired" | "revoked" | "suspended"; link: ShareLinkRow }
  | { status: "not_found" };

/** The creator as they are now (re-read on every view). */
export type ShareCreator = Pick<Viewer, "role" | "portalId" | "b24UserId"> & { disabled: boolean };

const creatorColumns = {
  role: appUsers.role,
  portalId: appUsers.portalId,
  b24UserId: appUsers.b24UserId,
  disabled: appUsers.disabled,
};

/**
 * What a link may serve now: its frozen scope when the creator may still see all of it, else null (the link is
 * suspended). Serving the intersection instead (say, a demoted director's "all managers" link cut down to their
 * own deals) would put different numbers under the same report and label, which readers would take for the
 * company's; so a link shows its whole frozen view or nothing. Re-checked on every view: the link works again
 * if the creator gets the access back, and only revoking ends it for good.
 */
export function servedScope(
  link: Pick<ShareLinkRow, "portalId" | "managerId">,
  creator: ShareCreator,
): DataScope | null {
  if (creator.disabled) return null;
  const stored: DataScope = {
    portalId: link.portalId,
    managerIds: link.managerId === null ? null : [link.managerId],
  };
  const now = scopeFor(creator, link.portalId);
  if (now.managerIds === null) return stored;
  if (stored.managerIds === null) return null;
  const allowed = new Set(now.managerIds);
  return stored.managerIds.every((m) => allowed.has(m)) ? stored : null;
}

export function statusOf(
  link: Pick<ShareLinkRow, "revokedAt" | "expiresAt" | "portalId" | "managerId">,
  creator: ShareCreator,
  now: Date,
): ShareStatus {
  if (link.revokedAt) return "revoked";
  if (link.expiresAt.getTime() <= now.getTime()) return "expired";
  return servedScope(link, creator) ? "active" : "suspended";
}

/** What a token opens, without recording a view. Malformed and unknown tokens are indistinguishable. */
export async function resolveShareLink(
  db: Database,
  token: string,
  now: Date = new Date(),
): Promise<ShareResolution> {
  if (!isWellFormedToken(token)) return { status: "not_found" };
  const [found] = await db
    .select({ link: shareLinks, creator: creatorColumns })
    .from(shareLinks)
    .innerJoin(appUsers, eq(appUsers.id, shareLinks.createdBy))
    .where(eq(shareLinks.tokenHash, hashShareToken(token)))
    .limit(1);
  if (!found) return { status: "not_found" };
  const { link, creator } = found;
  const status = statusOf(link, creator, now);
  const scope = servedScope(link, creator);
  if (status !== "active" || !scope) return { status: status === "active" ? "suspended" : status, link };
  return { status: "ok", link, params: frozenParams(link), scope };
}

/** Resolve and, when the link works, count the view and write it to the audit log. */
export async function openShareLink(
  db: Database,
  token: string,
  now: Date = new Date(),
  ip: string | null = null,
): Promise<ShareResolution> {
  const res = await resolveShareLink(db, token, now);
  if (res.status !== "ok") return res;
  await db
    .update(shareLinks)
    .set({ views: sql`${shareLinks.views} + 1`, lastOpenedAt: now })
    .where(and(eq(shareLinks.portalId, res.link.portalId), eq(shareLinks.id, res.link.id)));
  await audit(db, { action: "share.open", target: `share:${res.link.id}`, ip });
  return res;
}

/** The creator or an admin may revoke; anyone else is told the link does not exist. Idempotent. */
export async function revokeShareLink(
  db: Database,
  viewer: Pick<Viewer, "id" | "role">,
  id: number,
  now: Date = new Date(),
): Promise<{ id: number; revokedAt: Date }> {
  const [link] = await db.select().from(shareLinks).where(eq(shareLinks.id, id)).limit(1);
  if (!link || (viewer.role !== "admin" && link.createdBy !== viewer.id)) throw new AppError("NOT_FOUND");
  if (link.revokedAt) return { id, revokedAt: link.revokedAt };
  await db
    .update(shareLinks)
    .set({ revokedAt: now })
    .where(
      and(
        eq(shareLinks.portalId, link.portalId),
        eq(shareLinks.id, id),
        sql`${shareLinks.revokedAt} is null`,
      ),
    );
  await audit(db, { actorUserId: viewer.id, action: "share.revoke", target: `share:${id}` });
  return { id, revokedAt: now };
}

export interface ShareLinkListItem {
  id: number;
  portalId: number;
  report: string;
  params: URLSearchParams;
  managerId: number | null;
  label: string | null;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  views: number;
  lastOpenedAt: Date | null;
  creatorEmail: string;
  status: ShareStatus;
}

/** My links, newest first; an admin sees everyone's. */
export async function listShareLinks(
  db: Database,
  viewer: Pick<Viewer, "id" | "role">,
  now: Date = new Date(),
): Promise<ShareLinkListItem[]> {
  const rows = await db
    .select({ link: shareLinks, creatorEmail: appUsers.email, creator: creatorColumns })
    .from(shareLinks)
    .innerJoin(appUsers, eq(appUsers.id, shareLinks.createdBy))
    .where(viewer.role === "admin" ? sql`true` : eq(shareLinks.createdBy, viewer.id))
    .orderBy(desc(shareLinks.createdAt), desc(shareLinks.id))
    .limit(500);
  return rows.map(({ link, creatorEmail, creator }) => ({
    id: link.id,
    portalId: link.portalId,
    report: link.report,
    params: frozenParams(link),
    managerId: link.managerId,
    label: link.label,
    createdAt: link.createdAt,
    expiresAt: link.expiresAt,
    revokedAt: link.revokedAt,
    views: link.views,
    lastOpenedAt: link.lastOpenedAt,
    creatorEmail,
    status: statusOf(link, creator, now),
  }));
}
