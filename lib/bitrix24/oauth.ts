/**
 * Bitrix24 OAuth 2.0 for apps (bitrix24-api.md §1.3): authorize on the portal, exchange the 30-second code at
 * the OAuth server, refresh only on 401 expired_token (the client makes that single-flight). Each refresh
 * returns a new refresh token, which must be stored.
 */
import { z } from "zod";
import { Bitrix24Error, toErrorCode } from "./errors";

export const DEFAULT_OAUTH_SERVER = "https://oauth.bitrix.info";

export interface OAuthApp {
  clientId: string;
  clientSecret: string;
  /** Where /oauth/token/ lives: https://oauth.bitrix.info for the cloud (the emulator serves its own). */
  oauthServer: string;
}

export interface OAuthTokens {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  /** client_endpoint: https://portal/rest/ */
  endpoint: string;
  memberId: string | null;
  scopes: string[];
}

const tokenSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.coerce.number().optional(),
  expires: z.coerce.number().optional(),
  client_endpoint: z.string().url(),
  member_id: z.string().optional(),
  scope: z.string().optional(),
});

export function authorizeUrl(portalDomain: string, clientId: string, state: string): string {
  const base = /^https?:\/\//.test(portalDomain) ? portalDomain : `https://${portalDomain}`;
  const u = new URL("/oauth/authorize/", base);
  u.searchParams.set("client_id", clientId);
  u.searchParams.set("state", state);
  return u.toString();
}

async function tokenRequest(app: OAuthApp, params: Record<string, string>): Promise<OAuthTokens> {
  const u = new URL("/oauth/token/", app.oauthServer);
  for (const [k, v] of Object.entries({
    ...params,
    client_id: app.clientId,
    client_secret: app.clientSecret,
  })) {
    u.searchParams.set(k, v);
  }
  let res: Response;
  try {
    res = await fetch(u, { signal: AbortSignal.timeout(15_000) });
  } catch (err) {
    throw new Bitrix24Error("NETWORK", 0, (err as Error).message, "oauth/token");
  }
  const json = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  if (!res.ok || !json || "error" in json) {
    const code = typeof json?.error === "string" ? json.error : "";
    throw new Bitrix24Error(
      toErrorCode(code || "HTTP_ERROR", res.status),
      res.status,
      String(json?.error_description ?? code),
      "oauth/token",
    );
  }
  const t = tokenSchema.parse(json);
  return {
    accessToken: t.access_token,
    refreshToken: t.refresh_token,
    expiresAt: t.expires ? t.expires * 1000 : Date.now() + (t.expires_in ?? 3600) * 1000,
    endpoint: t.client_endpoint,
    memberId: t.member_id ?? null,
    scopes: (t.scope ?? "").split(",").filter(Boolean),
  };
}

export function exchangeCode(app: OAuthApp, code: string): Promise<OAuthTokens> {
  return tokenRequest(app, { grant_type: "authorization_code", code });
}

export function refreshTokens(app: OAuthApp, refreshToken: string): Promise<OAuthTokens> {
  return tokenRequest(app, { grant_type: "refresh_token", refresh_token: refreshToken });
}
