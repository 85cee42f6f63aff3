/** Timeline comments, activities, companies, contacts, currencies (bitrix24-api.md §9.1, §9.2, §9.4). */
import type { CallContext, MethodDef, MethodResult } from "./context";
import { errors } from "./errors";
import { isPlainObject } from "./filter";
import { intval, parseOrder, sortRows } from "./list";
import { listMethod, readFilter, unpaged } from "./list-method";
import { type Params, paramCI, resolveParam } from "./params";
import type { WireRecord } from "./snapshot";

const MULTIFIELDS = new Set(["PHONE", "EMAIL", "WEB", "IM", "LINK"]);

/**
 * PHP's `(int)$value`: leading digits of a string, 1 for a non-empty array, 0 for anything else. The real
 * crm.timeline.comment.list casts `filter[ENTITY_ID]` this way, so an array of ids lists deal 1's comments.
 */
function phpInt(v: unknown): number {
  if (Array.isArray(v)) return v.length ? 1 : 0;
  if (isPlainObject(v)) return Object.keys(v).length ? 1 : 0;
  return intval(v);
}

const COMMENT_ORDER = new Set(["ID", "CREATED", "AUTHOR_ID"]);

/**
 * crm.timeline.comment.list as CCrmTimelineCommentRestProxy::innerGetList implements it (bitrix24-api.md §9.1,
 * emulator/README.md): the filter is read for exactly two keys, `ENTITY_ID` (one id, PHP int cast) and
 * `ENTITY_TYPE`; every other key (`>CREATED`, `>ID`, `@ENTITY_ID`) is ignored, so there is no "changed since"
 * and no several-deals read. Order is honoured on ID, CREATED and AUTHOR_ID only, DESC only when spelled "DESC".
 */
function commentList(params: Params, ctx: CallContext): MethodResult {
  const filter = readFilter(params);
  if (!isPlainObject(filter) || filter.ENTITY_ID === undefined || filter.ENTITY_TYPE === undefined) {
    throw errors.crm("ENTITY_ID and ENTITY_TYPE are required in filter.");
  }
  const order = resolveParam(params, "order");
  const kept = isPlainObject(order)
    ? Object.fromEntries(
        Object.entries(order)
          .filter(([field]) => COMMENT_ORDER.has(field))
          .map(([field, dir]) => [field, dir === "DESC" ? "DESC" : "ASC"]),
      )
    : undefined;
  const table = ctx.state.tables["crm.timeline.comment.list"];
  return listMethod({ select: resolveParam(params, "select"), start: params.start, order: kept }, ctx, {
    table,
    paging: "legacy",
    defaults: ["*"],
    explicitOnly: new Set(["FILES"]),
    fields: new Set(["ID", "ENTITY_ID", "ENTITY_TYPE", "CREATED", "COMMENT", "AUTHOR_ID", "FILES"]),
    filterRaw: {
      ENTITY_ID: String(phpInt(filter.ENTITY_ID)),
      ENTITY_TYPE: String(filter.ENTITY_TYPE).toLowerCase(),
    },
  });
}

/**
 * crm.timeline.comment.get (innerGet): the comment with the entity it is bound to, ENTITY_TYPE lower case;
 * FILES only when it has files. The only way to learn a comment's deal from an event, which names the comment
 * alone (`data[FIELDS][ID]`).
 */
function commentGet(params: Params, ctx: CallContext): MethodResult {
  const id = intval(paramCI(params, "id", "ID"));
  if (id <= 0) throw errors.crm("ID is not defined or invalid.");
  const row = ctx.state.tables["crm.timeline.comment.list"].get(id);
  if (!row) throw errors.crm("Not found.");
  const { FILES, ...rest } = row;
  const hasFiles = isPlainObject(FILES) && Object.keys(FILES).length > 0;
  return { result: hasFiles ? { ...rest, FILES } : rest };
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
  "crm.timeline.comment.get": { scope: "crm", handler: commentGet },
  "crm.activity.list": { scope: "crm", handler: activityList },
  "crm.company.list": { scope: "crm", handler: entityList("crm.company.list") },
  "crm.contact.list": { scope: "crm", handler: entityList("crm.contact.list") },
  "crm.currency.list": { scope: "crm", handler: currencyList },
  "crm.currency.base.get": { scope: "crm", handler: baseCurrencyGet },
  "crm.currency.base.set": { scope: "crm", handler: baseCurrencySet },
};
