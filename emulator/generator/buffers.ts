/** Growable typed-array columns for the event streams (history, activities, comments) before they become rows. */

export class IntColumn {
  data: Int32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }

  get(i: number): number {
    return this.data[i]!;
  }

  set(i: number, v: number): void {
    this.data[i] = v;
  }
}

/**
 * Permutation that orders events by time, ties by insertion order: sorts float keys time·2^32 + index
 * natively (times are minutes relative to `base`, well under 2^21, so keys stay exact below 2^53).
 */
export function timeOrder(times: IntColumn, base: number): Uint32Array {
  const n = times.length;
  const keys = new Float64Array(n);
  const shift = 4_294_967_296;
  for (let i = 0; i < n; i++) keys[i] = (times.data[i]! - base) * shift + i;
  keys.sort();
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = keys[i]! % shift;
  return order;
}
