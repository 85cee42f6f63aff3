/** Timeline comments, activities, companies, contacts, currencies (bitrix24-api.md §9.1, §9.2, §9.4). */
import type { CallContext, MethodDef, MethodResult } from "./context";
import { errors } from "./errors";
import { isPlainObject } from "./filter";
import { parseOrder, sortRows } from "./list";
import { listMethod, readFilter, unpaged } from "./list-method";
import { type Params, resolveParam } from "./params";
import type { WireRecord } from "./snapshot";

const MULTIFIELDS = new Set(["PHONE", "EMAIL", "WEB", "IM", "LINK"]);

function hasKey(filter: Record<string, unknown>, name: string): boolean {
  return Object.keys(filter).some((k) => k.replace(/^[=!@<>%]+/, "").toUpperCase() === name);
}

function commentList(params: Params, ctx: CallContext): MethodResult {
  const filter = readFilter(params);
  if (!isPlainObject(filter) || !hasKey(filter, "ENTITY_ID") || !hasKey(filter, "ENTITY_TYPE")) {
    throw errors.crm("ENTITY_ID and ENTITY_TYPE are required in filter.");
  }
  const table = ctx.state.tables["crm.timeline.comment.list"];
  return listMethod(params, ctx, {
    table,
    paging: "legacy",
    defaults: ["*"],
    explicitOnly: new Set(["FILES"]),
    fields: new Set(["ID", "ENTITY_ID", "ENTITY_TYPE", "CREATED", "COMMENT", "AUTHOR_ID", "FILES"]),
  });
}

function activityList(params: Params, ctx: CallContext): MethodResult {
  const table = ctx.state.tables["crm.activity.list"];
  const raw = readFilter(params);
  let filterRaw: unknown = raw;
  let candidates: WireRecord[] | undefined;
  if (isPlainObject(raw) && raw.BINDINGS !== undefined) {
    // Simplification: bindings are matched against the primary owner (OWNER_TYPE_ID, OWNER_ID) only.
    const { BINDINGS, ...rest } = raw;
    const pairs = (
      Array.isArray(BINDINGS) ? BINDINGS : isPlainObject(BINDINGS) ? Object.values(BINDINGS) : []
    )
      .filter(isPlainObject)
      .map((b) => [String(b.OWNER_TYPE_ID ?? ""), String(b.OWNER_ID ?? "")] as const);
    const seen = new Set<WireRecord>();
    candidates = [];
    for (const [type, owner] of pairs) {
      for (const row of table.lookup([owner])) {
        if (String(row.OWNER_TYPE_ID) === type && !seen.has(row)) {
          seen.add(row);
          candidates.push(row);
        }
      }
    }
    candidates.sort((a, b) => Number(a.ID) - Number(b.ID));
    filterRaw = rest;
  }
  return listMethod(params, ctx, {
    table,
    paging: "legacy",
    defaults: ["*"],
    explicitOnly: new Set(["COMMUNICATIONS", "FILES"]),
    defaultOrder: [{ field: "START_TIME", desc: false }],
    filterRaw: filterRaw ?? {},
    candidates,
  });
}

function entityList(method: "crm.company.list" | "crm.contact.list") {
  return (params: Params, ctx: CallContext): MethodResult =>
    listMethod(params, ctx, {
      table: ctx.state.tables[method],
      paging: "legacy",
      defaults: ["*", "UF_*"],
      explicitOnly: MULTIFIELDS,
    });
}

function currencyList(params: Params, ctx: CallContext): MethodResult {
  const order = parseOrder(resolveParam(params, "order"));
  const rows = [...ctx.state.currencies];
  return unpaged(order.length ? sortRows(rows, order, "SORT") : rows);
}

/** The base currency's code (crm.currency.base.get). */
function baseCurrencyGet(_params: Params, ctx: CallContext): MethodResult {
  return { result: ctx.state.meta.baseCurrency };
}

/** crm.currency.base.set(id): true, false for an unknown currency, null when it already is the base. */
function baseCurrencySet(params: Params, ctx: CallContext): MethodResult {
  const id = resolveParam(params, "id");
  if (typeof id !== "string" || !id) throw errors.invalidArg("id is required");
  return { result: ctx.state.setBaseCurrency(id.toUpperCase()) };
}

export const crmMethods: Record<string, MethodDef> = {
  "crm.timeline.comment.list": { scope: "crm", handler: commentList },
  "crm.activity.list": { scope: "crm", handler: activityList },
  "crm.company.list": { scope: "crm", handler: entityList("crm.company.list") },
  "crm.contact.list": { scope: "crm", handler: entityList("crm.contact.list") },
  "crm.currency.list": { scope: "crm", handler: currencyList },
  "crm.currency.base.get": { scope: "crm", handler: baseCurrencyGet },
  "crm.currency.base.set": { scope: "crm", handler: baseCurrencySet },
};
