/** HTTP control API under /_emulator/ (JSON POST) mirroring handle.control. */
import type { FaultConfig } from "./context";
import { type Control, ControlError } from "./control";
import type { Counters } from "./dispatch";
import { isPlainObject } from "./filter";
import type { LimitsConfig } from "./limits";
import type { OAuthStore } from "./oauth";
import type { Params } from "./params";

export interface ControlDeps {
  control: Control;
  counters: Counters;
  oauth: OAuthStore;
  setFaults: (f: FaultConfig) => void;
  setLimits: (l: LimitsConfig) => void;
}

function obj(v: unknown): Record<string, unknown> {
  return isPlainObject(v) ? v : {};
}

function opts(p: Params): { byUserId?: number; at?: string } {
  return {
    ...(p.byUserId !== undefined ? { byUserId: Number(p.byUserId) } : {}),
    ...(typeof p.at === "string" ? { at: p.at } : {}),
  };
}

/** Returns [status, body]. */
export function handleControl(path: string, method: string, p: Params, d: ControlDeps): [number, unknown] {
  const parts = path
    .replace(/^\/_emulator\/?/, "")
    .replace(/\/$/, "")
    .split("/");
  try {
    const [a, b, c] = parts;
    if (a === "counters" && !b)
      return [200, { result: { byMethod: d.counters.byMethod, httpRequests: d.counters.httpRequests } }];
    if (method !== "POST") return [405, { error: "METHOD_NOT_ALLOWED", error_description: "Use POST" }];
    if (a === "counters" && b === "reset") {
      d.counters.reset();
      return [200, { result: true }];
    }
    if (a === "deals" && !b) return [200, { result: d.control.createDeal(obj(p.fields), opts(p)) }];
    if (a === "deals" && b) {
      const id = Number(b);
      if (c === "update") return [200, { result: d.control.updateDeal(id, obj(p.fields), opts(p)) }];
      if (c === "move") return [200, { result: d.control.moveDeal(id, String(p.stageId ?? ""), opts(p)) }];
      if (c === "delete") return [200, { result: d.control.deleteDeal(id) }];
      if (c === "activities") return [200, { result: d.control.addActivity(id, obj(p.fields), opts(p)) }];
      if (c === "comments") {
        const authorId = p.authorId !== undefined ? Number(p.authorId) : undefined;
        return [200, { result: d.control.addComment(id, String(p.comment ?? ""), { ...opts(p), authorId }) }];
      }
    }
    if (a === "handlers") {
      const token = typeof p.applicationToken === "string" ? p.applicationToken : undefined;
      return [
        200,
        { result: d.control.addWebhookHandler(String(p.event ?? ""), String(p.url ?? ""), token) },
      ];
    }
    if (a === "faults") {
      d.setFaults(obj(p) as FaultConfig);
      return [200, { result: true }];
    }
    if (a === "limits") {
      d.setLimits({ enabled: true, ...obj(p) } as LimitsConfig);
      return [200, { result: true }];
    }
    if (a === "oauth" && b === "token") {
      return [200, { result: d.oauth.issueToken({ expiresInSec: Number(p.expiresInSec ?? 3600) }) }];
    }
    if (a === "oauth" && b === "code") return [200, { result: d.oauth.issueCode() }];
    return [404, { error: "NOT_FOUND", error_description: `Unknown control path ${path}` }];
  } catch (e) {
    if (e instanceof ControlError) return [400, { error: "CONTROL_ERROR", error_description: e.message }];
    throw e;
  }
}
