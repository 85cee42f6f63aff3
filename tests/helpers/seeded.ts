/**
 * Seeded picks for the sampled suites (hostile, counts): the same cases for the same seed on every machine, and the
 * seed printed so a failing run can be replayed with HOSTILE_SEED=<seed>.
 */

/** mulberry32: small, fast, good enough to pick test cases. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** HOSTILE_SEED when set (to replay a run), else a fresh one; printed under `label` when one is given. */
export function hostileSeed(label?: string): number {
  const fromEnv = Number(process.env.HOSTILE_SEED);
  const seed =
    Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : Math.floor(Math.random() * (2 ** 31 - 1)) + 1;
  if (label) console.log(`[hostile] ${label}: seed ${seed} (replay with HOSTILE_SEED=${seed})`);
  return seed;
}

/** A seeded sample of at most n items (Fisher–Yates on a copy). */
export function sample<T>(items: readonly T[], n: number, rnd: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out.slice(0, n);
}
