/**
 * The REST endpoint: /rest/{uid}/{secret}/{method}[.json][/] (webhook) and /rest/{method}[.json]?auth=TOKEN
 * (OAuth), with the injected faults that let tests see a portal misbehave the ways real ones do.
 */
import type http from "node:http";
import { runBatch } from "./batch";
import type { AuthContext, FaultConfig, FaultState } from "./context";
import type { Control } from "./control";
import {
  type Counters,
  callMethod,
  countMethod,
  type Dispatcher,
  envelope,
  nowSec,
  timeBlock,
} from "./dispatch";
import { ApiError, errors } from "./errors";
import { errorBody, HTML_502, readParams, send } from "./http";
import type { Limiter } from "./limits";
import type { OAuthStore } from "./oauth";
import type { Params } from "./params";
import type { PortalState } from "./state";

export class RestEndpoint {
  readonly dispatcher: Dispatcher;
  private faults: FaultConfig;
  /** /rest/ requests since the faults were set: the "every Nth" faults count these. */
  private requests = 0;
  private deleted = false;
  private faultState: FaultState = { blockCalls: 0, blockedUntil: 0 };

  constructor(
    private readonly state: PortalState,
    private readonly limiter: Limiter,
    private readonly counters: Counters,
    private readonly oauth: OAuthStore,
    private readonly control: Control,
    faults: FaultConfig,
  ) {
    this.faults = faults;
    this.dispatcher = {
      state,
      limiter,
      counters,
      faults: () => this.faults,
      faultState: () => this.faultState,
    };
  }

  setFaults(f: FaultConfig): void {
    this.faults = f;
    this.requests = 0;
    this.deleted = false;
    this.faultState = { blockCalls: 0, blockedUntil: 0 };
  }

  async handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const { state } = this;
    this.counters.httpRequests++;
    const n = ++this.requests;
    if (this.answeredByFault(res, n)) return;
    // Read the faults afresh after the wait, as a test may change them meanwhile.
    if (this.faults.slowMs) await new Promise((r) => setTimeout(r, this.faults.slowMs));
    const drop = Boolean(this.faults.dropEvery && n % this.faults.dropEvery === 0);
    const start = nowSec();
    try {
      this.limiter.hit(req.socket.remoteAddress ?? "unknown");
      const params = await readParams(req, url);
      const segments = url.pathname
        .replace(/^\/rest\/?/, "")
        .replace(/\/$/, "")
        .split("/");
      if (segments.length === 2 || segments.length > 3) throw errors.methodNotFound();
      const auth = this.authenticate(segments, params);
      const plan: string = state.meta.plan;
      if (plan === "free") throw errors.commercialOnly();
      const method = (segments[segments.length - 1] ?? "").toLowerCase().replace(/\.(json|xml)$/, "");
      if (method === "batch") {
        countMethod(this.counters, "batch");
        const procStart = nowSec();
        const result = runBatch(this.dispatcher, params, auth);
        send(res, 200, { result, time: timeBlock(start, procStart, state.offset, { operating: 0 }) }, drop);
        return;
      }
      const out = callMethod(this.dispatcher, method, params, auth, start);
      if (out.ok) send(res, 200, envelope(out), drop);
      else send(res, out.error.status, errorBody(out.error), drop);
    } catch (e) {
      if (e instanceof ApiError) send(res, e.status, errorBody(e), drop);
      else send(res, 500, { error: "INTERNAL_SERVER_ERROR", error_description: String(e) });
    }
  }

  /** The faults that act before the request is read: a deal deleted mid-sync, a 502 page, QUERY_LIMIT. */
  private answeredByFault(res: http.ServerResponse, n: number): boolean {
    const { faults } = this;
    const del = faults.deleteDealBetweenPages;
    if (del && !this.deleted && n > del.afterRequests) {
      this.deleted = true;
      this.control.deleteDeal(del.dealId);
    }
    if (faults.html502Every && n % faults.html502Every === 0) {
      res.writeHead(502, { "Content-Type": "text/html" });
      res.end(HTML_502);
      return true;
    }
    if (faults.queryLimitEvery && n % faults.queryLimitEvery === 0) {
      const e = errors.queryLimit();
      send(res, faults.queryLimitStatus ?? e.status, errorBody(e));
      return true;
    }
    return false;
  }

  private authenticate(segments: string[], params: Params): AuthContext {
    const { state } = this;
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
    return this.oauth.authenticate(token);
  }
}
