/**
 * A portal connected by an OAuth app, as "Sign in with Bitrix24" sees it: the app's stored credentials, the
 * portal's own address, and which Bitrix24 user an authorization code names. The person's token is used for
 * one `user.current` call and dropped.
 */
import type { portals } from "@/db/schema";
import { Bitrix24Client } from "@/lib/bitrix24/client";
import { exchangeCode, type OAuthApp } from "@/lib/bitrix24/oauth";
import { decryptSecret } from "@/lib/crypto";

type PortalRow = typeof portals.$inferSelect;

export interface StoredOAuthCredentials extends OAuthApp {
  kind: "oauth";
  endpoint?: string;
  memberId?: string | null;
}

export function oauthCredentials(portal: PortalRow): StoredOAuthCredentials | null {
  if (portal.authType !== "oauth") return null;
  try {
    const creds = JSON.parse(decryptSecret(portal.credentialsEnc)) as StoredOAuthCredentials;
    return creds.kind === "oauth" && creds.clientId && creds.clientSecret ? creds : null;
  } catch {
    return null;
  }
}

/** The portal's own address: the origin of its REST endpoint (https://acme.bitrix24.ru; the emulator's URL). */
export function portalBase(portal: PortalRow, creds: StoredOAuthCredentials): string {
  try {
    if (creds.endpoint) return new URL(creds.endpoint).origin;
  } catch {
    // fall through to the domain
  }
  return portal.domain;
}

/** Exchanges the code and asks `user.current` who signed in. Throws when either step fails. */
export async function identifyBitrix24User(
  portal: PortalRow,
  creds: StoredOAuthCredentials,
  code: string,
): Promise<{ b24UserId: number } | { wrongPortal: string }> {
  const app: OAuthApp = {
    clientId: creds.clientId,
    clientSecret: creds.clientSecret,
    oauthServer: creds.oauthServer,
  };
  const tokens = await exchangeCode(app, code);
  // The code must have been minted by this portal (an app can be installed on several).
  const expectedOrigin = creds.endpoint ? new URL(creds.endpoint).origin : null;
  if (
    (portal.memberId && tokens.memberId && tokens.memberId !== portal.memberId) ||
    (expectedOrigin && new URL(tokens.endpoint).origin !== expectedOrigin)
  ) {
    return { wrongPortal: tokens.memberId ?? tokens.endpoint };
  }
  // The person's token lives only in this client, for this one call.
  const client = new Bitrix24Client({
    auth: {
      kind: "oauth",
      endpoint: tokens.endpoint,
      accessToken: () => tokens.accessToken,
      refresh: async () => {
        throw new Error("a fresh sign-in token cannot have expired");
      },
    },
    maxRetries: 1,
    baseDelayMs: 200,
    timeoutMs: 15_000,
  });
  const me = await client.call<{ ID?: string | number }>("user.current");
  const b24UserId = Number(me.result?.ID);
  if (!Number.isInteger(b24UserId) || b24UserId <= 0) throw new Error("user.current returned no ID");
  return { b24UserId };
}
