/** Connecting a Bitrix24 portal: validate the webhook URL, prove it works, store it encrypted. */
import { eq } from "drizzle-orm";
import type { Database } from "@/db";
import { portals } from "@/db/schema";
import { Bitrix24Client, type ClientOptions } from "@/lib/bitrix24/client";
import { Bitrix24Error } from "@/lib/bitrix24/errors";
import { exchangeCode, type OAuthApp, type OAuthTokens, refreshTokens } from "@/lib/bitrix24/oauth";
import { PLAN_LIMITS } from "@/lib/bitrix24/rate-limit";
import { decryptSecret, encryptSecret } from "@/lib/crypto";
import { CONNECT_MESSAGES, type ConnectErrorCode } from "@/lib/portal-messages";

export { CONNECT_MESSAGES, type ConnectErrorCode };

export const REQUIRED_SCOPES = ["crm", "user", "department"] as const;

export class ConnectError extends Error {
  constructor(
    readonly code: ConnectErrorCode,
    readonly detail?: string,
  ) {
    super(`${CONNECT_MESSAGES[code].en}${detail ? `: ${detail}` : ""}`);
  }
}

export interface WebhookParts {
  base: string;
  domain: string;
  userId: number;
  secret: string;
}

const LOCAL_HOSTS = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;

export function parseWebhookUrl(input: string): WebhookParts {
  let u: URL;
  try {
    u = new URL(input.trim());
  } catch {
    throw new ConnectError("INVALID_URL");
  }
  // Plain HTTP only for a portal on this machine (the emulator); real portals require HTTPS.
  if (u.protocol !== "https:" && !(u.protocol === "http:" && LOCAL_HOSTS.test(u.hostname))) {
    throw new ConnectError("INVALID_URL", "https required");
  }
  const m = /^\/rest\/(\d+)\/([A-Za-z0-9_]{6,})\/?(?:[a-z.]+(?:\.json)?\/?)?$/.exec(u.pathname);
  if (!m || u.search || u.username) throw new ConnectError("INVALID_URL");
  const userId = Number(m[1]);
  const secret = m[2]!;
  return { base: `${u.origin}/rest/${userId}/${secret}/`, domain: u.host, userId, secret };
}

export function maskWebhook(parts: WebhookParts): string {
  const s = parts.secret;
  return `${parts.domain}/rest/${parts.userId}/${s.slice(0, 2)}${"•".repeat(6)}${s.slice(-2)}/`;
}

interface WebhookCredentials {
  kind: "webhook";
  url: string;
}

interface OAuthCredentials extends OAuthApp, OAuthTokens {
  kind: "oauth";
}

type Credentials = WebhookCredentials | OAuthCredentials;

/** Calls profile and scope; throws ConnectError in words an admin understands. */
export async function probeWebhook(
  url: string,
): Promise<{ parts: WebhookParts; scopes: string[]; offset: string | null }> {
  const parts = parseWebhookUrl(url);
  const client = new Bitrix24Client({
    auth: { kind: "webhook", url: parts.base },
    maxRetries: 2,
    baseDelayMs: 200,
    timeoutMs: 15_000,
  });
  try {
    await client.call("profile");
    const scope = await client.call<string[]>("scope");
    const scopes = Array.isArray(scope.result) ? scope.result.map(String) : [];
    const missing = REQUIRED_SCOPES.filter((s) => !scopes.includes(s));
    if (missing.length) throw new ConnectError("MISSING_SCOPE", missing.join(", "));
    return { parts, scopes, offset: client.serverOffset };
  } catch (err) {
    if (err instanceof ConnectError) throw err;
    if (err instanceof Bitrix24Error) {
      if (err.code === "NETWORK" || err.code === "NON_JSON" || err.code === "HTTP_ERROR")
        throw new ConnectError("UNREACHABLE");
      if (
        err.code === "NO_AUTH_FOUND" ||
        err.code === "INVALID_CREDENTIALS" ||
        err.code === "ERROR_METHOD_NOT_FOUND"
      )
        throw new ConnectError("WRONG_SECRET");
      if (err.code === "ACCESS_DENIED") throw new ConnectError("REST_UNAVAILABLE");
      if (err.code === "insufficient_scope")
        throw new ConnectError("MISSING_SCOPE", REQUIRED_SCOPES.join(", "));
      throw new ConnectError("PORTAL_ERROR", err.code);
    }
    throw err;
  }
}

/** Connects (or re-connects) a portal by its webhook URL. Nothing is saved unless the portal answers properly. */
export async function connectWebhookPortal(db: Database, url: string, opts: { isDemo?: boolean } = {}) {
  const { parts, offset } = await probeWebhook(url);
  const creds: WebhookCredentials = { kind: "webhook", url: parts.base };
  const values = {
    domain: parts.domain,
    authType: "webhook" as const,
    credentialsEnc: encryptSecret(JSON.stringify(creds)),
    credentialsHint: maskWebhook(parts),
    timezoneOffset: offset ?? "+03:00",
    isDemo: opts.isDemo ?? false,
    updatedAt: new Date(),
  };
  return upsertPortal(db, values);
}

/** Points a webhook portal at a new URL of the same portal (the demo portal's emulator moved to another port). */
export async function repointWebhookPortal(db: Database, portalId: number, url: string) {
  const parts = parseWebhookUrl(url);
  const creds: WebhookCredentials = { kind: "webhook", url: parts.base };
  await db
    .update(portals)
    .set({
      credentialsEnc: encryptSecret(JSON.stringify(creds)),
      credentialsHint: maskWebhook(parts),
      updatedAt: new Date(),
    })
    .where(eq(portals.id, portalId));
}

/** One portal per domain: connecting again replaces its credentials. */
async function upsertPortal(db: Database, values: typeof portals.$inferInsert) {
  const [row] = await db
    .insert(portals)
    .values(values)
    .onConflictDoUpdate({ target: portals.domain, set: values })
    .returning();
  if (!row) throw new Error("portal upsert returned nothing");
  return row;
}

export async function getPortal(db: Database, portalId: number) {
  const [row] = await db.select().from(portals).where(eq(portals.id, portalId));
  return row ?? null;
}

/** The demo portal is an emulator on this machine: nothing to be gentle with. */
const LOCAL_DEMO_LIMITS = { burst: 10_000, drainPerSec: 1_000 };

export function clientForPortal(
  portal: typeof portals.$inferSelect,
  opts: { signal?: AbortSignal; overrides?: Partial<ClientOptions>; db?: Database } = {},
): Bitrix24Client {
  const creds = JSON.parse(decryptSecret(portal.credentialsEnc)) as Credentials;
  const limits = portal.isDemo
    ? LOCAL_DEMO_LIMITS
    : process.env.BITRIX24_PLAN === "enterprise"
      ? PLAN_LIMITS.enterprise
      : PLAN_LIMITS.standard;
  if (creds.kind === "webhook") {
    return new Bitrix24Client({
      auth: { kind: "webhook", url: creds.url },
      signal: opts.signal,
      limits,
      ...opts.overrides,
    });
  }
  let current = creds;
  return new Bitrix24Client({
    auth: {
      kind: "oauth",
      endpoint: current.endpoint,
      accessToken: () => current.accessToken,
      // Called single-flight by the client on 401 expired_token; the new refresh token replaces the old one.
      // Across processes the portal's row is the lock: Bitrix24 spends a refresh token on first use, so a second
      // process refreshing with the same one would fail. Under FOR UPDATE, a process that finds tokens other
      // than the ones it started with takes those (another process refreshed) instead of refreshing again.
      refresh: async () => {
        const db = opts.db;
        if (!db) {
          current = { ...current, ...(await refreshTokens(current, current.refreshToken)) };
          return;
        }
        await db.transaction(async (tx) => {
          const [row] = await tx
            .select({ enc: portals.credentialsEnc })
            .from(portals)
            .where(eq(portals.id, portal.id))
            .for("update");
          const stored = row ? (JSON.parse(decryptSecret(row.enc)) as Credentials) : null;
          if (stored?.kind === "oauth" && stored.refreshToken !== current.refreshToken) {
            current = stored;
            return;
          }
          current = { ...current, ...(await refreshTokens(current, current.refreshToken)) };
          await tx
            .update(portals)
            .set({ credentialsEnc: encryptSecret(JSON.stringify(current)), updatedAt: new Date() })
            .where(eq(portals.id, portal.id));
        });
      },
    },
    signal: opts.signal,
    limits,
    ...opts.overrides,
  });
}

/** Connects a portal authorised through an OAuth app: the code from the authorize redirect becomes tokens. */
export async function connectOAuthPortal(db: Database, app: OAuthApp, code: string, domain: string) {
  const tokens = await exchangeCode(app, code);
  const missing = REQUIRED_SCOPES.filter((s) => tokens.scopes.length > 0 && !tokens.scopes.includes(s));
  if (missing.length) throw new ConnectError("MISSING_SCOPE", missing.join(", "));
  const creds: OAuthCredentials = { kind: "oauth", ...app, ...tokens };
  const client = new Bitrix24Client({
    auth: {
      kind: "oauth",
      endpoint: tokens.endpoint,
      accessToken: () => tokens.accessToken,
      refresh: async () => {},
    },
    maxRetries: 2,
    baseDelayMs: 200,
  });
  await client.call("profile");
  const values = {
    domain,
    authType: "oauth" as const,
    credentialsEnc: encryptSecret(JSON.stringify(creds)),
    credentialsHint: `OAuth app ${app.clientId.slice(0, 12)}${app.clientId.length > 12 ? "…" : ""}`,
    memberId: tokens.memberId,
    timezoneOffset: client.serverOffset ?? "+03:00",
    updatedAt: new Date(),
  };
  return upsertPortal(db, values);
}

/** Stores the outgoing-event token (from the portal's outgoing webhook or app install), encrypted. */
export async function setEventToken(db: Database, portalId: number, token: string, memberId?: string | null) {
  await db
    .update(portals)
    .set({ applicationTokenEnc: encryptSecret(token), memberId: memberId ?? null, updatedAt: new Date() })
    .where(eq(portals.id, portalId));
}
