/**
 * "Sign in with Bitrix24": the portal's OAuth authorize step proves who the person is on a portal connected by
 * an OAuth app, and that Bitrix24 user maps to the LossLens account an admin linked to it (portal + user id).
 *
 * start → a random state (192 bits) kept hashed in `settings` for 10 minutes and, in the browser, in an
 * http-only cookie; the callback needs both (login CSRF: a code minted for someone else's browser is refused).
 * complete → the code is exchanged with the portal's app credentials, `user.current` names the person, and the
 * person's token is dropped right there (nothing of it is stored). The session itself is made by next-auth's
 * "bitrix24" Credentials provider from a one-time, 60-second ticket that only complete() issues.
 * Plain `(db, …)` functions, no next imports, so integration tests drive them against the emulator.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq, like, lt, or, sql } from "drizzle-orm";
import type { Database } from "@/db";
import { appUsers, portals, settings } from "@/db/schema";
import { authorizeUrl } from "@/lib/bitrix24/oauth";
import { audit } from "./audit";
import { identifyBitrix24User, oauthCredentials, portalBase } from "./bitrix24-app";
import { safeNext } from "./redirects";
import { type AppUser, findUserById, touchLastLogin } from "./users";

/** The browser half of the state. Scoped to the callback's path, gone after 10 minutes. */
export const SIGNIN_STATE_COOKIE = "losslens.b24-signin";
export const SIGNIN_COOKIE_PATH = "/api/auth/bitrix24";
export const CALLBACK_PATH = "/api/auth/bitrix24/callback";
export const STATE_TTL_MS = 10 * 60_000;
export const TICKET_TTL_MS = 60_000;

const STATE_PREFIX = "b24signin:";
const TICKET_PREFIX = "b24ticket:";

/** Shown on /login as auth.b24Errors.<reason>; nothing else from the query string is ever displayed. */
export const SIGNIN_FAILURES = [
  "not_configured",
  "invalid_state",
  "denied",
  "failed",
  "wrong_portal",
  "not_linked",
  "disabled",
  "ambiguous",
] as const;
export type SignInFailure = (typeof SIGNIN_FAILURES)[number];

export function isSignInFailure(value: unknown): value is SignInFailure {
  return typeof value === "string" && (SIGNIN_FAILURES as readonly string[]).includes(value);
}

export interface SignInPortal {
  id: number;
  domain: string;
}

interface PendingSignIn {
  portalId: number;
  next: string | null;
  expiresAt: number;
}

interface PendingTicket {
  userId: number;
  expiresAt: number;
}

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
const TOKEN_RE = /^[A-Za-z0-9_-]{32,64}$/;

/** Portals connected by an OAuth app: each can sign people in. Empty → /login shows no Bitrix24 button. */
export async function listSignInPortals(db: Database): Promise<SignInPortal[]> {
  const rows = await db.select().from(portals).where(eq(portals.authType, "oauth")).orderBy(portals.id);
  return rows.filter((p) => oauthCredentials(p) !== null).map((p) => ({ id: p.id, domain: p.domain }));
}

async function dropExpired(db: Database): Promise<void> {
  await db
    .delete(settings)
    .where(
      and(
        or(like(settings.key, `${STATE_PREFIX}%`), like(settings.key, `${TICKET_PREFIX}%`)),
        lt(sql`(${settings.value}->>'expiresAt')::bigint`, Date.now()),
      ),
    );
}

export type StartResult =
  | { ok: true; state: string; url: string; portalId: number }
  | { ok: false; reason: "not_configured" };

/**
 * Begins a sign-in: picks the OAuth portal (the one asked for, else the first), stores the state hashed and
 * returns the authorize URL. The caller puts `state` in the http-only cookie.
 */
export async function startBitrix24SignIn(
  db: Database,
  opts: { redirectUri: string; portalId?: number | null; next?: string | null },
): Promise<StartResult> {
  const rows = await db.select().from(portals).where(eq(portals.authType, "oauth")).orderBy(portals.id);
  const candidates = opts.portalId ? rows.filter((p) => p.id === opts.portalId) : rows;
  const portal = candidates.find((p) => oauthCredentials(p) !== null);
  const creds = portal ? oauthCredentials(portal) : null;
  if (!portal || !creds) return { ok: false, reason: "not_configured" };
  await dropExpired(db);
  const state = randomBytes(24).toString("base64url");
  const next = opts.next ? safeNext(opts.next, "") || null : null;
  const value: PendingSignIn = { portalId: portal.id, next, expiresAt: Date.now() + STATE_TTL_MS };
  await db.insert(settings).values({ key: `${STATE_PREFIX}${sha256(state)}`, value });
  const url = new URL(authorizeUrl(portalBase(portal, creds), creds.clientId, state));
  url.searchParams.set("redirect_uri", opts.redirectUri);
  return { ok: true, state, url: url.toString(), portalId: portal.id };
}

/** Takes (deletes) a stored state; null when unknown or expired. One use only. */
async function takeState(db: Database, state: string): Promise<PendingSignIn | null> {
  if (!TOKEN_RE.test(state)) return null;
  const [row] = await db
    .delete(settings)
    .where(eq(settings.key, `${STATE_PREFIX}${sha256(state)}`))
    .returning();
  const pending = row?.value as PendingSignIn | undefined;
  if (!pending || typeof pending.portalId !== "number" || pending.expiresAt < Date.now()) return null;
  return pending;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface CallbackInput {
  /** From the redirect's query string. */
  state: string | null;
  code: string | null;
  error?: string | null;
  /** The state cookie this browser carries. */
  cookieState: string | null | undefined;
  ip?: string | null;
}

export type CompleteResult =
  | { ok: true; user: AppUser; next: string }
  | { ok: false; reason: SignInFailure; b24UserId?: number };

/**
 * The portal redirected back: checks the state (query = cookie = stored, not expired, used once), exchanges
 * the code, asks `user.current` who it is, and finds the enabled LossLens user linked to that Bitrix24 user on
 * that portal. Nothing is created; every outcome is audited.
 */
export async function completeBitrix24SignIn(db: Database, input: CallbackInput): Promise<CompleteResult> {
  const ip = input.ip ?? null;
  const fail = (reason: SignInFailure, extra: FailureDetails = {}) => failSignIn(db, ip, reason, extra);

  const state = input.state ?? "";
  // The stored state is spent whatever happens next, so a leaked redirect URL cannot be replayed.
  const pending = state ? await takeState(db, state) : null;
  if (!pending || !input.cookieState || !sameSecret(state, input.cookieState)) return fail("invalid_state");
  const portalId = pending.portalId;
  if (input.error) return fail("denied", { portalId, detail: input.error });
  if (!input.code || input.code.length > 512) return fail("failed", { portalId, detail: "no code" });

  const [portal] = await db.select().from(portals).where(eq(portals.id, portalId));
  const creds = portal ? oauthCredentials(portal) : null;
  if (!portal || !creds) return fail("not_configured", { portalId });

  let b24UserId: number;
  try {
    const who = await identifyBitrix24User(portal, creds, input.code);
    if ("wrongPortal" in who) return fail("wrong_portal", { portalId, detail: who.wrongPortal });
    b24UserId = who.b24UserId;
  } catch (err) {
    return fail("failed", { portalId, detail: err instanceof Error ? err.message : String(err) });
  }

  const linked = await db
    .select()
    .from(appUsers)
    .where(and(eq(appUsers.portalId, portalId), eq(appUsers.b24UserId, b24UserId)))
    .orderBy(appUsers.id);
  const active = linked.filter((u) => !u.disabled);
  if (linked.length === 0) return fail("not_linked", { portalId, b24UserId });
  if (active.length === 0) return fail("disabled", { portalId, b24UserId, actorUserId: linked[0]?.id });
  // Two accounts on one Bitrix24 person: which one is meant is the admin's call, not ours.
  if (active.length > 1) return fail("ambiguous", { portalId, b24UserId });

  const user = await touchLastLogin(db, (active[0] as AppUser).id);
  await audit(db, {
    actorUserId: user.id,
    action: "auth.sign_in",
    target: user.email,
    ip,
    details: { method: "bitrix24", portalId, b24UserId },
  });
  const home = user.role === "manager" ? "/me" : "/overview";
  return { ok: true, user, next: safeNext(pending.next, home) };
}

interface FailureDetails {
  portalId?: number;
  b24UserId?: number;
  actorUserId?: number;
  detail?: string;
}

/** Every refused sign-in is audited; the browser learns only the reason. */
async function failSignIn(
  db: Database,
  ip: string | null,
  reason: SignInFailure,
  extra: FailureDetails,
): Promise<CompleteResult> {
  await audit(db, {
    actorUserId: extra.actorUserId ?? null,
    action: "auth.sign_in_failed",
    target: extra.b24UserId !== undefined ? `bitrix24:${extra.portalId}:${extra.b24UserId}` : "bitrix24",
    ip,
    details: {
      method: "bitrix24",
      reason,
      ...(extra.portalId !== undefined && { portalId: extra.portalId }),
      ...(extra.detail && { detail: extra.detail.slice(0, 200) }),
    },
  });
  return { ok: false, reason, ...(extra.b24UserId !== undefined && { b24UserId: extra.b24UserId }) };
}

/** A one-time, 60-second ticket for the "bitrix24" Credentials provider; stored hashed. */
export async function issueSignInTicket(db: Database, userId: number): Promise<string> {
  const ticket = randomBytes(32).toString("base64url");
  const value: PendingTicket = { userId, expiresAt: Date.now() + TICKET_TTL_MS };
  await db.insert(settings).values({ key: `${TICKET_PREFIX}${sha256(ticket)}`, value });
  return ticket;
}

/** Spends a ticket; the user it names, if it is still enabled. Null for unknown, spent or expired tickets. */
export async function redeemSignInTicket(db: Database, ticket: unknown): Promise<AppUser | null> {
  if (typeof ticket !== "string" || !TOKEN_RE.test(ticket)) return null;
  const [row] = await db
    .delete(settings)
    .where(eq(settings.key, `${TICKET_PREFIX}${sha256(ticket)}`))
    .returning();
  const pending = row?.value as PendingTicket | undefined;
  if (!pending || typeof pending.userId !== "number" || pending.expiresAt < Date.now()) return null;
  const user = await findUserById(db, pending.userId);
  return user && !user.disabled ? user : null;
}
