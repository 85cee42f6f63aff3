/** Minimal OAuth 2.0: tokens minted by the handle, /oauth/token/ for authorization_code and refresh_token (§1.3). */
import crypto from "node:crypto";
import type { AuthContext } from "./context";
import { ApiError, errors } from "./errors";
import type { Params } from "./params";
import type { PortalState } from "./state";

interface Grant {
  userId: number;
  scopes: string[];
  expiresAt: number;
}

export interface TokenOptions {
  expiresInSec?: number;
  userId?: number;
  scopes?: string[];
}

function randomToken(): string {
  return crypto.randomBytes(16).toString("hex");
}

export class OAuthStore {
  private access = new Map<string, Grant>();
  private refresh = new Map<string, Grant>();
  private codes = new Map<string, Grant>();

  constructor(private readonly state: PortalState) {}

  private grant(o: TokenOptions, ttlSec: number): Grant {
    return {
      userId: o.userId ?? this.state.meta.webhookUserId,
      scopes: o.scopes ?? this.state.meta.scopes,
      expiresAt: Date.now() + ttlSec * 1000,
    };
  }

  issueToken(o: TokenOptions = {}): string {
    const token = randomToken();
    this.access.set(token, this.grant(o, o.expiresInSec ?? 3600));
    return token;
  }

  /** Authorization code (lives 30 s) to exchange at /oauth/token/. */
  issueCode(o: TokenOptions = {}): string {
    const code = randomToken();
    this.codes.set(code, this.grant(o, 30));
    return code;
  }

  /** AuthContext for an access token, or 401 expired_token / invalid_token. */
  authenticate(token: string): AuthContext {
    const g = this.access.get(token);
    if (!g) throw new ApiError(401, "invalid_token", "The access token provided is invalid.");
    if (g.expiresAt <= Date.now()) throw errors.expiredToken();
    return { kind: "oauth", key: "app", userId: g.userId, scopes: g.scopes };
  }

  /** GET/POST /oauth/token/ → [status, body]. */
  tokenEndpoint(params: Params, baseUrl: string, expiresInSec = 3600): [number, Record<string, unknown>] {
    const type = String(params.grant_type ?? "");
    let source: Grant | undefined;
    if (type === "authorization_code") {
      const code = String(params.code ?? "");
      source = this.codes.get(code);
      this.codes.delete(code);
    } else if (type === "refresh_token") {
      const rt = String(params.refresh_token ?? "");
      source = this.refresh.get(rt);
      this.refresh.delete(rt);
    } else {
      return [400, { error: "invalid_request", error_description: "Unsupported grant_type" }];
    }
    if (!source || source.expiresAt <= Date.now()) {
      return [
        400,
        { error: "invalid_grant", error_description: "Invalid authorization code or refresh token" },
      ];
    }
    const accessToken = this.issueToken({ expiresInSec, userId: source.userId, scopes: source.scopes });
    const refreshToken = randomToken();
    this.refresh.set(refreshToken, { ...source, expiresAt: Date.now() + 180 * 86400_000 });
    return [
      200,
      {
        access_token: accessToken,
        refresh_token: refreshToken,
        expires: Math.floor(Date.now() / 1000) + expiresInSec,
        expires_in: expiresInSec,
        client_endpoint: `${baseUrl}/rest/`,
        server_endpoint: `${baseUrl}/oauth/rest/`,
        domain: "oauth.bitrix.info",
        member_id: this.state.meta.memberId,
        scope: source.scopes.join(","),
        status: "L",
        user_id: source.userId,
      },
    ];
  }
}
