import type { WireRecord } from "./snapshot";

/** Numeric id of a wire record (`ID` or `id`); NaN when absent. */
export function numId(row: WireRecord, idField = "ID"): number {
  return Number(row[idField]);
}

/**
 * An in-memory list kept sorted by numeric id, with an id map and an optional secondary index
 * (e.g. OWNER_ID) so list filters on ids and owners are O(page) instead of O(N).
 */
export class Table {
  rows: WireRecord[];
  readonly byId = new Map<number, WireRecord>();
  readonly byKey = new Map<string, WireRecord[]>();

  constructor(
    rows: WireRecord[],
    readonly idField = "ID",
    readonly indexField?: string,
  ) {
    this.rows = [...rows];
    let sorted = true;
    for (let i = 1; i < this.rows.length; i++) {
      if (numId(this.rows[i - 1]!, idField) > numId(this.rows[i]!, idField)) {
        sorted = false;
        break;
      }
    }
    if (!sorted) this.rows.sort((a, b) => numId(a, idField) - numId(b, idField));
    for (const row of this.rows) {
      this.byId.set(numId(row, idField), row);
      this.indexAdd(row);
    }
  }

  get size(): number {
    return this.rows.length;
  }

  get(id: number): WireRecord | undefined {
    return this.byId.get(id);
  }

  maxId(): number {
    const last = this.rows[this.rows.length - 1];
    return last ? numId(last, this.idField) : 0;
  }

  /** First index whose id is >= id (or > id when `strict`). */
  lowerBound(id: number, strict = false): number {
    let lo = 0;
    let hi = this.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const v = numId(this.rows[mid]!, this.idField);
      if (v < id || (strict && v === id)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(row: WireRecord): void {
    const id = numId(row, this.idField);
    if (this.byId.has(id)) this.remove(id);
    const at = this.lowerBound(id);
    this.rows.splice(at, 0, row);
    this.byId.set(id, row);
    this.indexAdd(row);
  }

  remove(id: number): WireRecord | undefined {
    const row = this.byId.get(id);
    if (!row) return undefined;
    const at = this.lowerBound(id);
    if (this.rows[at] === row) this.rows.splice(at, 1);
    this.byId.delete(id);
    if (this.indexField) {
      const key = String(row[this.indexField]);
      const list = this.byKey.get(key);
      if (list) {
        const i = list.indexOf(row);
        if (i >= 0) list.splice(i, 1);
      }
    }
    return row;
  }

  /** Rows whose index field equals one of `keys`, sorted by id. */
  lookup(keys: string[]): WireRecord[] {
    const out: WireRecord[] = [];
    for (const key of new Set(keys)) out.push(...(this.byKey.get(key) ?? []));
    if (keys.length > 1) out.sort((a, b) => numId(a, this.idField) - numId(b, this.idField));
    return out;
  }

  private indexAdd(row: WireRecord): void {
    if (!this.indexField) return;
    const key = String(row[this.indexField]);
    let list = this.byKey.get(key);
    if (!list) {
      list = [];
      this.byKey.set(key, list);
    }
    const id = numId(row, this.idField);
    const last = list[list.length - 1];
    if (!last || numId(last, this.idField) < id) list.push(row);
    else {
      list.push(row);
      list.sort((a, b) => numId(a, this.idField) - numId(b, this.idField));
    }
  }
}
