/** user.*, department.get, profile, scope, event.* (bitrix24-api.md §9.3, §10). */
import type { CallContext, MethodDef, MethodResult } from "./context";
import { ApiError, errors } from "./errors";
import { isPlainObject } from "./filter";
import { intval, type OrderSpec, parseOrder } from "./list";
import { listMethod } from "./list-method";
import { type Params, paramCI } from "./params";
import { offsetMinutes } from "./wire";

export const SUPPORTED_EVENTS = [
  "ONCRMDEALADD",
  "ONCRMDEALUPDATE",
  "ONCRMDEALDELETE",
  "ONCRMDEALMOVETOCATEGORY",
  "ONCRMTIMELINECOMMENTADD",
  "ONCRMTIMELINECOMMENTUPDATE",
  "ONCRMTIMELINECOMMENTDELETE",
];

const ALL_SCOPES = ["crm", "user", "user_brief", "department", "task", "im", "disk", "calendar", "catalog"];

/** user.get: FILTER / filter object or top-level field keys; `sort` + `order` strings. */
function userOrDepartment(method: "user.get" | "department.get", reserved: Set<string>) {
  return (params: Params, ctx: CallContext): MethodResult => {
    const nested = paramCI(params, "FILTER");
    const filter: Record<string, unknown> = isPlainObject(nested) ? { ...nested } : {};
    for (const [key, value] of Object.entries(params)) {
      const k = key.toLowerCase();
      if (!reserved.has(k) && !k.startsWith("bx24_")) filter[key.toUpperCase()] = value;
    }
    const sort = paramCI(params, "sort", "SORT");
    const dir = paramCI(params, "order", "ORDER");
    let order: OrderSpec[] = isPlainObject(dir) ? parseOrder(dir) : [];
    if (typeof sort === "string" && sort !== "") {
      order = [{ field: sort.toUpperCase(), desc: String(dir ?? "ASC").toUpperCase() === "DESC" }];
    }
    return listMethod({ start: intval(paramCI(params, "start", "START")) }, ctx, {
      table: ctx.state.tables[method],
      paging: "legacy",
      defaults: [],
      filterRaw: filter,
      defaultOrder: order,
    });
  };
}

const USER_RESERVED = new Set(["sort", "order", "start", "admin_mode", "filter", "auth", "name_search"]);
const DEPT_RESERVED = new Set(["sort", "order", "start", "auth"]);

function currentUser(_params: Params, ctx: CallContext): MethodResult {
  const user = ctx.state.tables["user.get"].get(ctx.auth.userId);
  if (!user) throw errors.noAuth();
  return { result: user };
}

function profile(_params: Params, ctx: CallContext): MethodResult {
  const user = ctx.state.tables["user.get"].get(ctx.auth.userId) ?? {};
  return {
    result: {
      ID: String(ctx.auth.userId),
      ADMIN: true,
      NAME: user.NAME ?? "",
      LAST_NAME: user.LAST_NAME ?? "",
      PERSONAL_GENDER: user.PERSONAL_GENDER ?? "",
      TIME_ZONE: "",
      TIME_ZONE_OFFSET: offsetMinutes(ctx.state.offset) * 60,
    },
  };
}

function scope(params: Params, ctx: CallContext): MethodResult {
  const full = String(paramCI(params, "full") ?? "").toLowerCase();
  return { result: full === "true" || full === "1" || full === "y" ? ALL_SCOPES : ctx.auth.scopes };
}

function eventBind(params: Params, ctx: CallContext): MethodResult {
  const event = String(paramCI(params, "event") ?? "").toUpperCase();
  const handler = String(paramCI(params, "handler") ?? "");
  if (!SUPPORTED_EVENTS.includes(event)) throw errors.eventNotFound();
  if (!/^https?:\/\//.test(handler)) throw new ApiError(400, "WRONG_HANDLER_URL", "Wrong handler URL");
  const offline = String(paramCI(params, "event_type") ?? "online").toLowerCase() === "offline";
  const existing = ctx.state.handlers.find((h) => h.event === event && h.handler === handler);
  if (!existing) {
    ctx.state.handlers.push({
      id: ctx.state.nextHandlerId++,
      event,
      handler,
      source: "oauth",
      applicationToken: ctx.state.meta.applicationToken,
      offline,
    });
  }
  return { result: true };
}

function eventUnbind(params: Params, ctx: CallContext): MethodResult {
  const event = String(paramCI(params, "event") ?? "").toUpperCase();
  const handler = paramCI(params, "handler");
  let count = 0;
  for (let i = ctx.state.handlers.length - 1; i >= 0; i--) {
    const h = ctx.state.handlers[i]!;
    if (
      h.source === "oauth" &&
      h.event === event &&
      (handler === undefined || h.handler === String(handler))
    ) {
      ctx.state.handlers.splice(i, 1);
      count++;
    }
  }
  return { result: { count } };
}

function eventGet(_params: Params, ctx: CallContext): MethodResult {
  return {
    result: ctx.state.handlers
      .filter((h) => h.source === "oauth")
      .map((h) => ({ event: h.event, handler: h.handler, auth_type: "0", offline: h.offline ? 1 : 0 })),
  };
}

export const coreMethods: Record<string, MethodDef> = {
  "user.get": { scope: "user", handler: userOrDepartment("user.get", USER_RESERVED) },
  "user.current": { scope: "user", handler: currentUser },
  "department.get": { scope: "department", handler: userOrDepartment("department.get", DEPT_RESERVED) },
  profile: { scope: null, handler: profile },
  scope: { scope: null, handler: scope },
  "event.bind": { scope: null, handler: eventBind, oauthOnly: true },
  "event.unbind": { scope: null, handler: eventUnbind, oauthOnly: true },
  "event.get": { scope: null, handler: eventGet, oauthOnly: true },
};
