/**
 * Large lists the fast way (bitrix24-api.md §2.2, §3): `start=-1` pages keyed by `>ID`, 50 of them chained
 * inside one `batch` through `$result[pN][49][ID]`, so one HTTP request brings up to 2,500 rows.
 */
import type { Bitrix24Client, Params } from "./client";
import { batchCommandError } from "./errors";

export type WireRow = Record<string, unknown>;

export interface ListSpec {
  method: string;
  /** Extra params (entityTypeId, select, filter on other fields). */
  params?: Params;
  /** "ID" for legacy lists, "id" for crm.item.list. */
  idField?: string;
  /** Rows live under result.items (crm.stagehistory.list, crm.item.list). */
  itemsKey?: string;
}

export interface ListPage {
  rows: WireRow[];
  /** Highest id in this page: the cursor to resume from. */
  lastId: number;
  /** Rows matching the filter after the starting id when the walk began (from the first page's count). */
  total: number | null;
}

const PAGE = 50;
const MAX_COMMANDS = 50;

function rowsOf(value: unknown, itemsKey?: string): WireRow[] {
  const v =
    itemsKey && value && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)[itemsKey]
      : value;
  return Array.isArray(v) ? (v as WireRow[]) : [];
}

/** Yields one page per batch request, in ascending id order, starting after `fromId`. */
export async function* listById(
  client: Bitrix24Client,
  spec: ListSpec,
  fromId = 0,
): AsyncGenerator<ListPage> {
  const idField = spec.idField ?? "ID";
  const base = spec.params ?? {};
  const baseFilter = (base.filter as Params | undefined) ?? {};
  const ref = (k: number) =>
    `$result[p${k}]${spec.itemsKey ? `[${spec.itemsKey}]` : ""}[${PAGE - 1}][${idField}]`;
  let lastId = fromId;
  let total: number | null = null;
  let fetched = 0;
  for (;;) {
    const remaining = total === null ? Number.POSITIVE_INFINITY : total - fetched;
    const count = Math.max(1, Math.min(MAX_COMMANDS, Math.ceil(remaining / PAGE)));
    const commands: Record<string, { method: string; params: Params }> = {};
    for (let k = 0; k < count; k++) {
      commands[`p${k}`] = {
        method: spec.method,
        params: {
          ...base,
          order: { [idField]: "ASC" },
          filter: { ...baseFilter, [`>${idField}`]: k === 0 ? lastId : ref(k - 1) },
          // The very first page counts (start=0) so we know how many requests remain; the rest skip counting.
          start: total === null && k === 0 ? 0 : -1,
        },
      };
    }
    const res = await client.batch(commands);
    if (total === null) {
      const t = res.total.p0;
      total = typeof t === "number" ? t : t === undefined ? null : Number(t);
    }
    const rows: WireRow[] = [];
    let ended = false;
    for (let k = 0; k < count; k++) {
      const err = res.error[`p${k}`];
      if (err) throw batchCommandError(spec.method, err);
      const page = rowsOf(res.result[`p${k}`], spec.itemsKey);
      rows.push(...page);
      // Commands after a short page referenced a row that does not exist; their answers are meaningless.
      if (page.length < PAGE) {
        ended = true;
        break;
      }
    }
    fetched += rows.length;
    for (const row of rows) {
      const id = Number(row[idField]);
      if (Number.isFinite(id) && id > lastId) lastId = id;
    }
    if (rows.length > 0) yield { rows, lastId, total };
    if (ended || (total !== null && fetched >= total)) return;
  }
}

/** One unpaged or single-page call inside a shared batch (reference data). */
export function rowsFromResult(value: unknown, itemsKey?: string): WireRow[] {
  return rowsOf(value, itemsKey);
}
