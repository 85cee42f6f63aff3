import type { WireRecord } from "./snapshot";

/** Numeric id of a wire record (`ID` or `id`); NaN when absent. */
export function numId(row: WireRecord, idField = "ID"): number {
  return Number(row[idField]);
}

/**
 * Fields a lean snapshot leaves out of every row of a list (e.g. the generator's ACTIVITY_LEAN_DEFAULTS).
 * The table answers reads of a missing field with `values[field]`, and `expand` rebuilds the full row with
 * its keys in `order` (the order of a full row on the wire).
 */
export interface RowDefaults {
  values: Readonly<WireRecord>;
  order: readonly string[];
}

/** Owner keys that are canonical non-negative integers order numerically; anything else after them. */
const CANONICAL_UINT = /^(?:0|[1-9]\d{0,14})$/;

function keyNum(key: string): number {
  return CANONICAL_UINT.test(key) ? Number(key) : Number.NaN;
}

/** Total order on owner keys: canonical integers numerically first, then other strings by code unit. */
function compareKeys(a: string, an: number, b: string, bn: number): number {
  const aNum = !Number.isNaN(an);
  const bNum = !Number.isNaN(bn);
  if (aNum && bNum) return an - bn;
  if (aNum !== bNum) return aNum ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * An in-memory list kept sorted by numeric id, with an optional secondary index (e.g. OWNER_ID), so list
 * filters on ids and owners are O(log N + page) instead of O(N).
 *
 * Memory matters here (a 1M-deal portal holds ~10M rows): ids are found by binary search over `rows` (no
 * id map), and the owner index is one array of the same row references sorted by (owner key, id) that is
 * searched by binary search (no per-owner arrays or map entries). Inserts and removes splice both arrays.
 */
export class Table {
  rows: WireRecord[];
  /** Rows sorted by (String(row[indexField]), id); empty without `indexField`. */
  private byOwner: WireRecord[] = [];

  constructor(
    rows: WireRecord[],
    readonly idField = "ID",
    readonly indexField?: string,
    readonly defaults?: RowDefaults,
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
    if (indexField) this.byOwner = this.buildOwnerIndex(indexField);
  }

  get size(): number {
    return this.rows.length;
  }

  /** The row with this id (the last one if ids repeat). */
  get(id: number): WireRecord | undefined {
    const at = this.lowerBound(id, true) - 1;
    const row = this.rows[at];
    return row && numId(row, this.idField) === id ? row : undefined;
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
    if (this.get(id)) this.remove(id);
    const at = this.lowerBound(id);
    this.rows.splice(at, 0, row);
    if (this.indexField) {
      const key = this.ownerKey(row);
      const [, hi] = this.ownerRange(key);
      // Within an owner, rows are ordered by id: insert after the last row with a smaller id.
      let i = hi;
      while (
        i > 0 &&
        this.ownerKey(this.byOwner[i - 1]!) === key &&
        numId(this.byOwner[i - 1]!, this.idField) > id
      )
        i--;
      this.byOwner.splice(i, 0, row);
    }
  }

  remove(id: number): WireRecord | undefined {
    const row = this.get(id);
    if (!row) return undefined;
    const at = this.lowerBound(id);
    if (this.rows[at] === row) this.rows.splice(at, 1);
    if (this.indexField) {
      const [lo, hi] = this.ownerRange(this.ownerKey(row));
      for (let i = lo; i < hi; i++) {
        if (this.byOwner[i] === row) {
          this.byOwner.splice(i, 1);
          break;
        }
      }
    }
    return row;
  }

  /** Rows whose index field equals one of `keys`, sorted by id. */
  lookup(keys: string[]): WireRecord[] {
    const out: WireRecord[] = [];
    for (const key of new Set(keys)) {
      const [lo, hi] = this.ownerRange(key);
      for (let i = lo; i < hi; i++) out.push(this.byOwner[i]!);
    }
    if (keys.length > 1) out.sort((a, b) => numId(a, this.idField) - numId(b, this.idField));
    return out;
  }

  /** A field of a row as served: the stored value, or the list's default when a lean row leaves it out. */
  value(row: WireRecord, field: string): unknown {
    const v = row[field];
    return v !== undefined || !this.defaults ? v : this.defaults.values[field];
  }

  /** The row as served: a lean row gets the default fields back (a new object, keys in wire order). */
  expand(row: WireRecord): WireRecord {
    const d = this.defaults;
    if (!d) return row;
    let lean = false;
    for (const key in d.values) {
      if (!Object.hasOwn(row, key)) {
        lean = true;
        break;
      }
    }
    if (!lean) return row;
    const out: WireRecord = {};
    for (const key of d.order) {
      if (Object.hasOwn(row, key)) out[key] = row[key];
      else if (Object.hasOwn(d.values, key)) out[key] = d.values[key];
    }
    for (const key of Object.keys(row)) if (!Object.hasOwn(out, key)) out[key] = row[key];
    return out;
  }

  /** Field names of the served rows (those of the first row; [] when empty). */
  fieldNames(): string[] {
    const first = this.rows[0];
    return first ? Object.keys(this.expand(first)) : [];
  }

  private ownerKey(row: WireRecord): string {
    return String(row[this.indexField!]);
  }

  /** [lo, hi) of the rows of owner `key` in `byOwner`. */
  private ownerRange(key: string): [number, number] {
    const kn = keyNum(key);
    const list = this.byOwner;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const k = this.ownerKey(list[mid]!);
      if (compareKeys(k, keyNum(k), key, kn) < 0) lo = mid + 1;
      else hi = mid;
    }
    const start = lo;
    hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const k = this.ownerKey(list[mid]!);
      if (compareKeys(k, keyNum(k), key, kn) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return [start, lo];
  }

  /** `rows` stably re-sorted by owner key (rows are already in id order, so each owner's rows stay by id). */
  private buildOwnerIndex(field: string): WireRecord[] {
    const n = this.rows.length;
    const nums = new Float64Array(n);
    let allNum = true;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const v = keyNum(String(this.rows[i]![field]));
      nums[i] = v;
      if (Number.isNaN(v)) allNum = false;
      else if (v > max) max = v;
    }
    if (allNum && max < 4 * n + 1_000_000) {
      // Counting sort on small integer keys: O(N + max), no comparator calls.
      const starts = new Int32Array(max + 2);
      for (let i = 0; i < n; i++) starts[nums[i]! + 1]!++;
      for (let k = 1; k < starts.length; k++) starts[k]! += starts[k - 1]!;
      const out = new Array<WireRecord>(n);
      for (let i = 0; i < n; i++) out[starts[nums[i]!]!++] = this.rows[i]!;
      return out;
    }
    const order = Array.from({ length: n }, (_, i) => i);
    order.sort((a, b) => {
      const c = compareKeys(String(this.rows[a]![field]), nums[a]!, String(this.rows[b]![field]), nums[b]!);
      return c !== 0 ? c : a - b;
    });
    return order.map((i) => this.rows[i]!);
  }
}
