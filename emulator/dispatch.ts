/** Executes one REST method call: scope/auth-type checks, operating limit, handler, `time` block, counters. */
import type { AuthContext, CallContext, FaultConfig, FaultState, MethodDef } from "./context";
import { ApiError, errors } from "./errors";
import type { Limiter, OperatingInfo } from "./limits";
import { coreMethods } from "./methods-core";
import { crmMethods } from "./methods-crm";
import { dealMethods } from "./methods-deal";
import type { Params } from "./params";
import type { PortalState } from "./state";
import { formatDateTime } from "./wire";

export const METHODS: Record<string, MethodDef> = { ...dealMethods, ...crmMethods, ...coreMethods };

export interface Counters {
  byMethod: Record<string, number>;
  httpRequests: number;
  reset(): void;
}

export function createCounters(): Counters {
  const c: Counters = {
    byMethod: {},
    httpRequests: 0,
    reset() {
      c.byMethod = {};
      c.httpRequests = 0;
    },
  };
  return c;
}

export function countMethod(counters: Counters, method: string): void {
  counters.byMethod[method] = (counters.byMethod[method] ?? 0) + 1;
}

export interface TimeBlock {
  start: number;
  finish: number;
  duration: number;
  processing: number;
  date_start: string;
  date_finish: string;
  operating_reset_at?: number;
  operating: number;
}

export function nowSec(): number {
  return (performance.timeOrigin + performance.now()) / 1000;
}

export function timeBlock(start: number, procStart: number, offset: string, op: OperatingInfo): TimeBlock {
  const finish = nowSec();
  return {
    start,
    finish,
    duration: finish - start,
    processing: finish - procStart,
    date_start: formatDateTime(new Date(start * 1000), offset),
    date_finish: formatDateTime(new Date(finish * 1000), offset),
    ...(op.resetAt !== undefined ? { operating_reset_at: op.resetAt } : {}),
    operating: op.operating,
  };
}

export type CallOutcome =
  | { ok: true; result: unknown; next?: number; total?: number; time: TimeBlock }
  | { ok: false; error: ApiError };

export interface Dispatcher {
  state: PortalState;
  limiter: Limiter;
  counters: Counters;
  faults: () => FaultConfig;
  faultState: () => FaultState;
}

/** The operatingBlock fault: throws while the method's short window is closed; else the window's end (unix s). */
function operatingBlock(d: Dispatcher, method: string): number | undefined {
  const block = d.faults().operatingBlock;
  if (!block || (block.method && block.method !== method)) return undefined;
  const st = d.faultState();
  const now = Date.now();
  if (now < st.blockedUntil) throw errors.operationLimit();
  st.blockCalls += 1;
  if (st.blockCalls % Math.max(1, block.everyCalls) === 0) st.blockedUntil = now + block.forMs;
  return Math.ceil(Math.max(st.blockedUntil, now + block.forMs) / 1000);
}

/** Runs `method` (already lower-cased) for an authenticated caller. */
export function callMethod(
  d: Dispatcher,
  method: string,
  params: Params,
  auth: AuthContext,
  start = nowSec(),
): CallOutcome {
  try {
    const def = METHODS[method];
    if (!def) throw errors.methodNotFound();
    countMethod(d.counters, method);
    if (def.scope && !auth.scopes.includes(def.scope)) throw errors.insufficientScope();
    if (def.oauthOnly && auth.kind !== "oauth") throw errors.wrongAuthType();
    d.limiter.checkOperating(auth.key, method);
    const blockResetAt = operatingBlock(d, method);
    const procStart = nowSec();
    const ctx: CallContext = { state: d.state, auth, faults: d.faults() };
    const out = def.handler(params, ctx);
    const op = d.limiter.addOperating(auth.key, method, nowSec() - procStart);
    if (blockResetAt !== undefined) op.resetAt = blockResetAt;
    return { ok: true, ...out, time: timeBlock(start, procStart, d.state.offset, op) };
  } catch (e) {
    if (e instanceof ApiError) return { ok: false, error: e };
    const msg = e instanceof Error ? e.message : String(e);
    return { ok: false, error: new ApiError(500, "INTERNAL_SERVER_ERROR", msg) };
  }
}

/** Success envelope with the server's key order: result, next, total, time. */
export function envelope(o: {
  result: unknown;
  next?: number;
  total?: number;
  time: TimeBlock;
}): Record<string, unknown> {
  return {
    result: o.result,
    ...(o.next !== undefined ? { next: o.next } : {}),
    ...(o.total !== undefined ? { total: o.total } : {}),
    time: o.time,
  };
}
