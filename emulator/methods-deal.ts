/** Deal, pipeline, stage and stage-history methods (bitrix24-api.md §5–§7). */
import type { CallContext, MethodDef, MethodResult } from "./context";
import { malform } from "./context";
import { dealFields, itemConverter, itemFieldMap, STANDARD_DEAL_FIELDS, ufDefaults } from "./deal-fields";
import { ApiError, errors } from "./errors";
import { matches } from "./filter";
import { intval, parseOrder, runList, sortRows } from "./list";
import { buildFilter, listMethod, readFilter, unpaged } from "./list-method";
import { type Params, paramCI, resolveParam } from "./params";
import type { WireRecord } from "./snapshot";
import { Table } from "./table";
import { formatDateTime } from "./wire";

function stageSort(ctx: CallContext) {
  const stages = ctx.state.stages();
  return (field: string, row: WireRecord): unknown =>
    field === "STAGE_ID" || field === "stageId" ? (stages.get(String(row[field]))?.sort ?? null) : row[field];
}

function dealFieldSet(ctx: CallContext): Set<string> {
  return new Set([
    ...STANDARD_DEAL_FIELDS,
    ...Object.keys(ctx.state.deals.rows[0] ?? {}),
    ...ctx.state.dealUserFields().map((u) => String(u.FIELD_NAME)),
  ]);
}

function dealList(params: Params, ctx: CallContext): MethodResult {
  return listMethod(params, ctx, {
    table: ctx.state.deals,
    paging: "legacy",
    defaults: ["*", "UF_*"],
    ufDefaults: ufDefaults(ctx.state),
    fields: dealFieldSet(ctx),
    sortValue: stageSort(ctx),
    transform: (r) => malform(r, ctx),
  });
}

function dealGet(params: Params, ctx: CallContext): MethodResult {
  const id = intval(paramCI(params, "id", "ID"));
  if (id <= 0) throw errors.crm("ID is not defined or invalid.");
  const row = ctx.state.deals.get(id);
  if (!row) throw errors.crm("Not found");
  const out: WireRecord = { ...row };
  for (const [key, empty] of ufDefaults(ctx.state)) if (!(key in out)) out[key] = empty;
  return { result: malform(out, ctx) };
}

function pickLang(v: unknown, lang: string): unknown {
  if (v && typeof v === "object" && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    return o[lang] ?? o.en ?? "";
  }
  return v;
}

function userfieldList(params: Params, ctx: CallContext): MethodResult {
  const raw = readFilter(params);
  const filterObj =
    raw && typeof raw === "object" && !Array.isArray(raw) ? { ...(raw as Record<string, unknown>) } : {};
  const lang = filterObj.LANG ?? filterObj.lang;
  delete filterObj.LANG;
  delete filterObj.lang;
  const table = ctx.state.tables["crm.deal.userfield.list"];
  const filter = buildFilter(filterObj, ctx, undefined);
  const all = sortRows(
    table.rows.filter((r) => matches(r, filter)),
    parseOrder(resolveParam(params, "order")),
  );
  const labels = [
    "EDIT_FORM_LABEL",
    "LIST_COLUMN_LABEL",
    "LIST_FILTER_LABEL",
    "ERROR_MESSAGE",
    "HELP_MESSAGE",
  ];
  const out = all.map((r) => {
    if (typeof lang !== "string") return r;
    const copy: WireRecord = { ...r };
    for (const l of labels) if (l in copy) copy[l] = pickLang(copy[l], lang);
    return copy;
  });
  return unpaged(out);
}

function entityTypeCheck(params: Params): void {
  const raw = paramCI(params, "entityTypeId");
  const t = intval(raw);
  if (t === 2) return;
  if (raw === undefined || t === 0) throw new ApiError(400, "NOT_FOUND", "Smart process not found");
  throw new ApiError(400, "ENTITY_TYPE_NOT_SUPPORTED", `Entity type ${t} is not supported by the emulator`);
}

function itemList(params: Params, ctx: CallContext): MethodResult {
  entityTypeCheck(params);
  const originalUf = String(paramCI(params, "useOriginalUfNames") ?? "N").toUpperCase() === "Y";
  const map = itemFieldMap(ctx.state);
  const resolve = (name: string) => map.get(name);
  const filter = buildFilter(params.filter, ctx, new Set(map.keys()), true);
  // Translate item names to the stored UPPER_CASE names (buildFilter kept the item names).
  const translate = (g: typeof filter): typeof filter => ({
    ...g,
    items: g.items.map((i) =>
      i.kind === "cond" ? { ...i, field: resolve(i.field) ?? i.field } : translate(i),
    ),
  });
  const order = parseOrder(params.order, resolve, true);
  const page = runList({
    table: ctx.state.deals,
    filter: translate(filter),
    order,
    start: intval(params.start),
    paging: "orm",
    sortValue: stageSort(ctx),
  });
  const convert = itemConverter(ctx.state, originalUf);
  const sel = Array.isArray(params.select) ? params.select.map(String) : [];
  const all = sel.length === 0 || sel.includes("*");
  const items = page.rows.map((r) => {
    const item = convert(r);
    if (all) return malform(item, ctx, "id");
    const out: WireRecord = { id: item.id };
    for (const s of sel) if (s in item) out[s] = item[s];
    return malform(out, ctx, "id");
  });
  return { result: { items }, total: page.total, ...(page.next !== undefined ? { next: page.next } : {}) };
}

function categoryList(params: Params, ctx: CallContext): MethodResult {
  entityTypeCheck(params);
  const rows = [...ctx.state.tables["crm.category.list"].rows].sort(
    (a, b) => Number(a.sort) - Number(b.sort) || Number(a.id) - Number(b.id),
  );
  return { result: { categories: rows }, total: rows.length };
}

function dealCategoryList(params: Params, ctx: CallContext): MethodResult {
  const created = formatDateTime(new Date(ctx.state.meta.now ?? Date.now()), ctx.state.offset);
  const rows = ctx.state.tables["crm.category.list"].rows
    .filter((c) => Number(c.id) !== 0)
    .map((c) => ({
      ID: String(c.id),
      CREATED_DATE: String(c.createdDate ?? created),
      NAME: String(c.name ?? ""),
      IS_LOCKED: "N",
      SORT: String(c.sort ?? 500),
    }));
  return listMethod(params, ctx, { table: new Table(rows), paging: "legacy", defaults: ["*"] });
}

function statusList(params: Params, ctx: CallContext): MethodResult {
  const table = ctx.state.tables["crm.status.list"];
  const filter = buildFilter(readFilter(params), ctx, undefined);
  let order = parseOrder(resolveParam(params, "order"));
  if (order.length === 0) order = [{ field: "SORT", desc: false }];
  return unpaged(
    sortRows(
      table.rows.filter((r) => matches(r, filter)),
      order,
    ),
  );
}

const HISTORY_FIELDS = new Set([
  "ID",
  "TYPE_ID",
  "OWNER_ID",
  "CREATED_TIME",
  "CATEGORY_ID",
  "STAGE_SEMANTIC_ID",
  "STAGE_ID",
]);

function stageHistoryList(params: Params, ctx: CallContext): MethodResult {
  entityTypeCheck(params);
  const res = listMethod(params, ctx, {
    table: ctx.state.tables["crm.stagehistory.list"],
    paging: "orm",
    defaults: ["*"],
    fields: HISTORY_FIELDS,
    strict: true,
    filterRaw: params.filter ?? {},
  });
  return { ...res, result: { items: res.result } };
}

export const dealMethods: Record<string, MethodDef> = {
  "crm.deal.list": { scope: "crm", handler: dealList },
  "crm.deal.get": { scope: "crm", handler: dealGet },
  "crm.deal.fields": { scope: "crm", handler: (_p, ctx) => ({ result: dealFields(ctx.state) }) },
  "crm.deal.userfield.list": { scope: "crm", handler: userfieldList },
  "crm.item.list": { scope: "crm", handler: itemList },
  "crm.category.list": { scope: "crm", handler: categoryList },
  "crm.dealcategory.list": { scope: "crm", handler: dealCategoryList },
  "crm.status.list": { scope: "crm", handler: statusList },
  "crm.stagehistory.list": { scope: "crm", handler: stageHistoryList },
};
