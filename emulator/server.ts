/**
 * Bitrix24 REST API emulator: HTTP server over a PortalSnapshot (bitrix24-api.md §12).
 * Routes: /rest/{uid}/{secret}/{method}[.json][/], /rest/{method}[.json]?auth=TOKEN, /oauth/authorize/,
 * /oauth/token/, /_emulator/…
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { runBatch } from "./batch";
import type { AuthContext, FaultConfig, FaultState } from "./context";
import { Control } from "./control";
import { handleControl } from "./control-api";
import {
  type Counters,
  callMethod,
  countMethod,
  createCounters,
  type Dispatcher,
  envelope,
  nowSec,
  timeBlock,
} from "./dispatch";
import { ApiError, errors } from "./errors";
import { EventBus } from "./events";
import { Limiter, type LimitsConfig } from "./limits";
import { OAuthStore, type TokenOptions } from "./oauth";
import { mergeParams, type Params, parseBody, parseQuery } from "./params";
import type { PortalSnapshot } from "./snapshot";
import { PortalState } from "./state";
import { phpJson } from "./wire";

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

const JSON_HEADERS = {
  "Content-Type": "application/json; charset=utf-8",
  "Access-Control-Allow-Origin": "*",
};

const HTML_502 =
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(res: http.ServerResponse, status: number, body: unknown, drop = false): void {
  const text = phpJson(body);
  if (drop) {
    res.writeHead(status, { ...JSON_HEADERS, "Content-Length": Buffer.byteLength(text) });
    res.write(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
    setTimeout(() => res.socket?.destroy(), 5);
    return;
  }
  res.writeHead(status, JSON_HEADERS);
  res.end(text);
}

function errorBody(e: ApiError) {
  return { error: e.code, error_description: e.description };
}

export async function startEmulator(opts: EmulatorOptions): Promise<EmulatorHandle> {
  const state = new PortalState(opts.snapshot, { lean: opts.lean });
  const counters = createCounters();
  let faults: FaultConfig = opts.faults ?? {};
  let faultRequests = 0;
  let deleted = false;
  let faultState: FaultState = { blockCalls: 0, blockedUntil: 0 };
  const limiter = new Limiter(opts.limits ?? { enabled: true }, state.meta.plan === "enterprise");
  const oauth = new OAuthStore(state);
  let baseUrl = "";
  const events = new EventBus(state, () => baseUrl);
  const control = new Control(state, events);
  const dispatcher: Dispatcher = {
    state,
    limiter,
    counters,
    faults: () => faults,
    faultState: () => faultState,
  };
  const setFaults = (f: FaultConfig) => {
    faults = f;
    faultRequests = 0;
    deleted = false;
    faultState = { blockCalls: 0, blockedUntil: 0 };
  };
  const setLimits = (l: LimitsConfig) => limiter.setConfig(l);

  function authenticate(segments: string[], params: Params): AuthContext {
    if (segments.length === 3) {
      const [uid, secret] = segments;
      if (uid !== String(state.meta.webhookUserId) || secret !== state.meta.webhookSecret)
        throw errors.noAuth();
      return {
        kind: "webhook",
        key: `hook:${uid}`,
        userId: state.meta.webhookUserId,
        scopes: state.meta.scopes,
      };
    }
    const token = params.auth;
    if (typeof token !== "string" || token === "") throw errors.noAuth();
    return oauth.authenticate(token);
  }

  async function handleRest(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    counters.httpRequests++;
    const n = ++faultRequests;
    const del = faults.deleteDealBetweenPages;
    if (del && !deleted && n > del.afterRequests) {
      deleted = true;
      control.deleteDeal(del.dealId);
    }
    if (faults.html502Every && n % faults.html502Every === 0) {
      res.writeHead(502, { "Content-Type": "text/html" });
      res.end(HTML_502);
      return;
    }
    if (faults.queryLimitEvery && n % faults.queryLimitEvery === 0) {
      const e = errors.queryLimit();
      send(res, faults.queryLimitStatus ?? e.status, errorBody(e));
      return;
    }
    if (faults.slowMs) await new Promise((r) => setTimeout(r, faults.slowMs));
    const drop = Boolean(faults.dropEvery && n % faults.dropEvery === 0);
    const start = nowSec();
    try {
      limiter.hit(req.socket.remoteAddress ?? "unknown");
      const body = await readBody(req);
      const params = mergeParams(
        parseQuery(url.search.slice(1)),
        await parseBody(req.headers["content-type"] ?? "", body),
      );
      const segments = url.pathname
        .replace(/^\/rest\/?/, "")
        .replace(/\/$/, "")
        .split("/");
      if (segments.length === 2 || segments.length > 3) throw errors.methodNotFound();
      const auth = authenticate(segments, params);
      const plan: string = state.meta.plan;
      if (plan === "free") throw errors.commercialOnly();
      const method = (segments[segments.length - 1] ?? "").toLowerCase().replace(/\.(json|xml)$/, "");
      if (method === "batch") {
        countMethod(counters, "batch");
        const procStart = nowSec();
        const result = runBatch(dispatcher, params, auth);
        send(res, 200, { result, time: timeBlock(start, procStart, state.offset, { operating: 0 }) }, drop);
        return;
      }
      const out = callMethod(dispatcher, method, params, auth, start);
      if (out.ok) send(res, 200, envelope(out), drop);
      else send(res, out.error.status, errorBody(out.error), drop);
    } catch (e) {
      if (e instanceof ApiError) send(res, e.status, errorBody(e), drop);
      else send(res, 500, { error: "INTERNAL_SERVER_ERROR", error_description: String(e) });
    }
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://emulator.local");
    if (req.method === "OPTIONS") {
      res.writeHead(200, { ...JSON_HEADERS, "Access-Control-Allow-Headers": "*" });
      res.end();
      return;
    }
    if (url.pathname === "/rest" || url.pathname.startsWith("/rest/")) return handleRest(req, res, url);
    const params = mergeParams(
      parseQuery(url.search.slice(1)),
      await parseBody(req.headers["content-type"] ?? "", await readBody(req)),
    );
    if (url.pathname.replace(/\/$/, "") === "/oauth/authorize") {
      // The portal's consent step with the person already signed in (no login form): redirect to redirect_uri
      // with a 30-second code for that person. `emulator_user_id` picks the person (default: the webhook user).
      const redirect = typeof params.redirect_uri === "string" ? params.redirect_uri : "";
      let target: URL;
      try {
        target = new URL(redirect);
      } catch {
        send(res, 400, { error: "invalid_request", error_description: "redirect_uri is required" });
        return;
      }
      if (typeof params.client_id !== "string" || params.client_id === "") {
        send(res, 400, { error: "invalid_client", error_description: "client_id is required" });
        return;
      }
      if (typeof params.state === "string") target.searchParams.set("state", params.state);
      if (params.emulator_deny) {
        target.searchParams.set("error", "access_denied");
      } else {
        const userId = Number(params.emulator_user_id) || state.meta.webhookUserId;
        target.searchParams.set("code", oauth.issueCode({ userId }));
        target.searchParams.set("domain", new URL(baseUrl).host);
        target.searchParams.set("member_id", state.meta.memberId);
        target.searchParams.set("scope", state.meta.scopes.join(","));
        target.searchParams.set("server_domain", "oauth.bitrix.info");
      }
      res.writeHead(302, { Location: target.toString() });
      res.end();
      return;
    }
    if (url.pathname.replace(/\/$/, "") === "/oauth/token") {
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
