/** Shared implementation of legacy and ORM list methods over a Table. */
import type { CallContext, MethodResult } from "./context";
import { errors } from "./errors";
import { type Group, isPlainObject, parseFilter } from "./filter";
import { intval, type ListQuery, makeProjector, type OrderSpec, parseOrder, runList } from "./list";
import { type Params, resolveParam } from "./params";
import type { WireRecord } from "./snapshot";
import type { Table } from "./table";

export interface ListMethodOptions {
  table: Table;
  paging: "legacy" | "orm";
  /** Default `select` ([] = return rows as stored). */
  defaults: string[];
  defaultOrder?: OrderSpec[];
  explicitOnly?: Set<string>;
  ufDefaults?: Map<string, unknown>;
  /** Known fields; unknown filter/order keys are dropped (legacy) or rejected (strict). */
  fields?: Set<string>;
  strict?: boolean;
  sortValue?: ListQuery["sortValue"];
  /** Filter object to use instead of the request's (after method-specific rewriting). */
  filterRaw?: unknown;
  candidates?: WireRecord[];
  transform?: (row: WireRecord) => WireRecord;
}

export function knownFields(table: Table, extra: Iterable<string> = []): Set<string> {
  return new Set([...table.fieldNames(), ...extra]);
}

export function readFilter(params: Params, name = "filter"): unknown {
  const raw = resolveParam(params, name);
  if (raw !== undefined && raw !== "" && !isPlainObject(raw) && !Array.isArray(raw)) {
    throw errors.crm(`Parameter '${name}' must be array.`);
  }
  return raw;
}

export function buildFilter(
  raw: unknown,
  ctx: CallContext,
  fields: Set<string> | undefined,
  strict = false,
): Group {
  return parseFilter(raw, {
    offset: ctx.state.offset,
    strict,
    resolveField: (name) => {
      if (!fields) return name;
      if (fields.has(name)) return name;
      const up = name.toUpperCase();
      return !strict && fields.has(up) ? up : undefined;
    },
  });
}

export function listMethod(params: Params, ctx: CallContext, o: ListMethodOptions): MethodResult {
  const fields = o.fields ?? knownFields(o.table, o.ufDefaults?.keys());
  const filter = buildFilter(
    o.filterRaw !== undefined ? o.filterRaw : readFilter(params),
    ctx,
    fields,
    o.strict,
  );
  const resolve = (name: string) => {
    if (fields.has(name)) return name;
    const up = name.toUpperCase();
    return !o.strict && fields.has(up) ? up : undefined;
  };
  let order = parseOrder(resolveParam(params, "order"), resolve, o.strict);
  if (order.length === 0) order = o.defaultOrder ?? [];
  const page = runList({
    table: o.table,
    filter,
    order,
    start: intval(params.start),
    paging: o.paging,
    sortValue: o.sortValue,
    candidates: o.candidates,
  });
  const project =
    o.defaults.length || resolveParam(params, "select") !== undefined
      ? makeProjector(resolveParam(params, "select"), {
          defaults: o.defaults.length ? o.defaults : ["*", "UF_*"],
          idField: o.table.idField,
          explicitOnly: o.explicitOnly,
          ufDefaults: o.ufDefaults,
        })
      : (r: WireRecord) => r;
  const rows = page.rows.map((stored) => {
    const r = o.table.expand(stored);
    return o.transform ? o.transform(project(r)) : project(r);
  });
  return { result: rows, total: page.total, ...(page.next !== undefined ? { next: page.next } : {}) };
}

/** Unpaged list (crm.status.list, crm.currency.list, userfields): everything at once with `total`. */
export function unpaged(rows: WireRecord[]): MethodResult {
  return { result: rows, total: rows.length };
}
