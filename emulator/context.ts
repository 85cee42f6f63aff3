import type { Params } from "./params";
import type { WireRecord } from "./snapshot";
import type { PortalState } from "./state";

export interface AuthContext {
  kind: "webhook" | "oauth";
  /** Operating-time accounting key (per webhook / per app). */
  key: string;
  userId: number;
  scopes: string[];
}

export interface FaultConfig {
  /** Every Nth /rest/ request answers an HTML 502 page (text/html). */
  html502Every?: number;
  /** Delay before every /rest/ answer. */
  slowMs?: number;
  /** Every Nth /rest/ request: headers and part of the JSON are written, then the socket is destroyed. */
  dropEvery?: number;
  /** These deals are served with a zero date in DATE_MODIFY and a non-numeric OPPORTUNITY. */
  malformedDealIds?: number[];
  /** After this many /rest/ requests (counted from when the fault was set) the deal is deleted. */
  deleteDealBetweenPages?: { afterRequests: number; dealId: number };
  /**
   * A short operating-time window (the real one is 10 minutes): after every `everyCalls` calls of `method` (any
   * method when absent), that method answers 429 OPERATION_TIME_LIMIT for `forMs`, alone or inside `batch`
   * (then in result_error, per command). Good answers report `operating_reset_at` = the end of the window.
   */
  operatingBlock?: { method?: string; everyCalls: number; forMs: number };
  /** Every Nth /rest/ request answers QUERY_LIMIT_EXCEEDED with this status (503 as documented, or 429). */
  queryLimitEvery?: number;
  queryLimitStatus?: 429 | 503;
}

/** Counters behind the stateful faults; reset with the faults. */
export interface FaultState {
  blockCalls: number;
  blockedUntil: number;
}

export interface CallContext {
  state: PortalState;
  auth: AuthContext;
  faults: FaultConfig;
}

export interface MethodResult {
  result: unknown;
  total?: number;
  next?: number;
}

export type MethodHandler = (params: Params, ctx: CallContext) => MethodResult;

export interface MethodDef {
  /** Required scope; null = available to any authorised caller. */
  scope: string | null;
  handler: MethodHandler;
  /** event.* work only with application (OAuth) auth (bitrix24-api.md §10). */
  oauthOnly?: boolean;
}

/** Applies the `malformedDealIds` fault to an outgoing deal row (stored data stays intact). */
export function malform(row: WireRecord, ctx: CallContext, idKey = "ID"): WireRecord {
  const ids = ctx.faults.malformedDealIds;
  if (!ids?.length || !ids.includes(Number(row[idKey]))) return row;
  const out = { ...row };
  for (const k of ["DATE_MODIFY", "updatedTime"]) if (k in out) out[k] = "0000-00-00 00:00:00";
  for (const k of ["OPPORTUNITY", "opportunity"]) if (k in out) out[k] = "N/A";
  return out;
}
