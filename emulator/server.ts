/**
 * Bitrix24 REST API emulator: HTTP server over a PortalSnapshot (bitrix24-api.md §12).
 * Routes: /rest/{uid}/{secret}/{method}[.json][/], /rest/{method}[.json]?auth=TOKEN, /oauth/authorize/,
 * /oauth/token/, /_emulator/…
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { authorize } from "./authorize";
import type { FaultConfig } from "./context";
import { Control } from "./control";
import { handleControl } from "./control-api";
import { type Counters, createCounters } from "./dispatch";
import { EventBus } from "./events";
import { JSON_HEADERS, readParams, send } from "./http";
import { Limiter, type LimitsConfig } from "./limits";
import { OAuthStore, type TokenOptions } from "./oauth";
import { RestEndpoint } from "./rest";
import type { PortalSnapshot } from "./snapshot";
import { PortalState } from "./state";

export type { FaultConfig } from "./context";
export type { LimitsConfig } from "./limits";

export interface EmulatorOptions {
  snapshot: PortalSnapshot;
  /** 0 (default) = a free port. */
  port?: number;
  host?: string;
  limits?: LimitsConfig;
  faults?: FaultConfig;
  https?: false;
  /**
   * Set when `snapshot` comes from generatePortal({ lean: true }) (the CLI does this for large portals):
   * activity rows then lack the constant ACTIVITY_LEAN_DEFAULTS fields, and the server merges them back on
   * every read (filters, order) and output row, so clients see exactly what a full snapshot serves.
   * Without it a lean snapshot is served as stored (activities missing those 15 fields).
   */
  lean?: boolean;
}

export interface EmulatorHandle {
  url: string;
  webhookUrl: string;
  port: number;
  state: PortalState;
  counters: Counters;
  control: Control;
  setFaults(f: FaultConfig): void;
  setLimits(l: LimitsConfig): void;
  /** Access token for `/rest/{method}?auth=TOKEN`; expired tokens answer 401 expired_token. */
  issueOAuthToken(o?: TokenOptions): string;
  /** Authorization code for `/oauth/token/?grant_type=authorization_code&code=…`. */
  issueAuthCode(o?: TokenOptions): string;
  close(): Promise<void>;
}

export async function startEmulator(opts: EmulatorOptions): Promise<EmulatorHandle> {
  const state = new PortalState(opts.snapshot, { lean: opts.lean });
  const counters = createCounters();
  const limiter = new Limiter(opts.limits ?? { enabled: true }, state.meta.plan === "enterprise");
  const oauth = new OAuthStore(state);
  let baseUrl = "";
  const events = new EventBus(state, () => baseUrl);
  const control = new Control(state, events);
  const rest = new RestEndpoint(state, limiter, counters, oauth, control, opts.faults ?? {});
  const setFaults = (f: FaultConfig) => rest.setFaults(f);
  const setLimits = (l: LimitsConfig) => limiter.setConfig(l);

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://emulator.local");
    if (req.method === "OPTIONS") {
      res.writeHead(200, { ...JSON_HEADERS, "Access-Control-Allow-Headers": "*" });
      res.end();
      return;
    }
    if (url.pathname === "/rest" || url.pathname.startsWith("/rest/")) return rest.handle(req, res, url);
    const params = await readParams(req, url);
    const path = url.pathname.replace(/\/$/, "");
    if (path === "/oauth/authorize") return authorize(res, params, { state, oauth, baseUrl });
    if (path === "/oauth/token") {
      const [status, body] = oauth.tokenEndpoint(params, baseUrl);
      send(res, status, body);
      return;
    }
    if (url.pathname.startsWith("/_emulator")) {
      const [status, body] = handleControl(url.pathname, req.method ?? "GET", params, {
        control,
        counters,
        oauth,
        setFaults,
        setLimits,
      });
      send(res, status, body);
      return;
    }
    send(res, 404, { error: "NOT_FOUND", error_description: "Not found" });
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, { error: "INTERNAL_SERVER_ERROR", error_description: String(e) });
      else res.destroy();
    });
  });
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${host}:${port}`;
  return {
    url: baseUrl,
    webhookUrl: `${baseUrl}/rest/${state.meta.webhookUserId}/${state.meta.webhookSecret}/`,
    port,
    state,
    counters,
    control,
    setFaults,
    setLimits,
    issueOAuthToken: (o) => oauth.issueToken(o),
    issueAuthCode: (o) => oauth.issueCode(o),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
