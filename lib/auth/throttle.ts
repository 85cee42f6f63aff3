/**
 * Password sign-in throttling that slows guessing down without handing anyone a way to lock a person out.
 * Counters live in Postgres (table auth_throttle), so every web process sees the same counts; the clock is the
 * real one (Date.now()), never the report clock. Plain `(db, …)` functions, no next imports.
 *
 * Three counters of failed attempts, each forgotten an hour after its last failure (longer than the longest
 * wait, so a source that keeps failing stays at the longest wait instead of starting over):
 * - per (account, source): 5 failures are free, then each further attempt waits 30 s, 1 min, 2 min … ≤ 15 min
 *   after the last failure (back-off, not a block; a success clears it);
 * - per source, over all accounts: 30 free failures, then the same back-off (password spraying);
 * - per account, over all sources: at 10 failures the account is "under attack", and every source that has
 *   failed on it at least once backs off after that one failure. A source with no failures on the account is
 *   never held back by other sources' failures, so the real owner, signing in correctly from their own
 *   address, still gets in while someone else hammers the account.
 * "Source" is the address from lib/auth/client-ip.ts: the socket, or what a configured proxy says.
 * A refused attempt is not counted (it checked no password), so waiting is always enough.
 * Known limit: attempts that arrive at the same moment are checked against the same counts.
 */
import { inArray, lt, sql } from "drizzle-orm";
import type { Database } from "@/db";
import { authThrottle } from "@/db/schema";

export const THROTTLE = {
  windowMs: 60 * 60_000,
  perAccountSource: 5,
  accountUnderAttack: 10,
  perAccountSourceUnderAttack: 1,
  perSource: 30,
  baseDelayMs: 30_000,
  maxDelayMs: 15 * 60_000,
} as const;

export type ThrottleScope = "account_source" | "source";
export type ThrottleVerdict =
  | { allowed: true }
  | { allowed: false; scope: ThrottleScope; retryAfterMs: number };

const keys = (email: string, ip: string) => ({
  account: `a:${email}`,
  accountSource: `as:${email}|${ip}`,
  source: `s:${ip}`,
});

/** How long after the last failure the next attempt must wait, once `failures` passed `free`. */
export function backoffMs(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(THROTTLE.baseDelayMs * 2 ** Math.min(failures - free, 20), THROTTLE.maxDelayMs);
}

interface Counter {
  failures: number;
  lastMs: number;
}

async function counters(db: Database, wanted: string[], now: number): Promise<Map<string, Counter>> {
  const rows = await db.select().from(authThrottle).where(inArray(authThrottle.key, wanted));
  const out = new Map<string, Counter>();
  for (const r of rows) {
    const lastMs = r.lastFailureAt.getTime();
    if (now - lastMs < THROTTLE.windowMs) out.set(r.key, { failures: r.failures, lastMs });
  }
  return out;
}

/** May this source try a password for this account now? */
export async function checkSignIn(db: Database, email: string, ip: string): Promise<ThrottleVerdict> {
  const now = Date.now();
  const k = keys(email, ip);
  const c = await counters(db, [k.account, k.accountSource, k.source], now);
  const underAttack = (c.get(k.account)?.failures ?? 0) >= THROTTLE.accountUnderAttack;
  const checks: [ThrottleScope, Counter | undefined, number][] = [
    [
      "account_source",
      c.get(k.accountSource),
      underAttack ? THROTTLE.perAccountSourceUnderAttack : THROTTLE.perAccountSource,
    ],
    ["source", c.get(k.source), THROTTLE.perSource],
  ];
  for (const [scope, counter, free] of checks) {
    if (!counter) continue;
    const wait = counter.lastMs + backoffMs(counter.failures, free) - now;
    if (wait > 0) return { allowed: false, scope, retryAfterMs: wait };
  }
  return { allowed: true };
}

/** Counts a failed attempt on all three counters (a counter idle for the window starts again at 1). */
export async function recordSignInFailure(db: Database, email: string, ip: string): Promise<void> {
  const now = new Date();
  const cutoff = new Date(now.getTime() - THROTTLE.windowMs);
  const k = keys(email, ip);
  await db
    .insert(authThrottle)
    .values([k.account, k.accountSource, k.source].map((key) => ({ key, failures: 1, lastFailureAt: now })))
    .onConflictDoUpdate({
      target: authThrottle.key,
      set: {
        failures: sql`case when ${authThrottle.lastFailureAt} < ${cutoff.toISOString()}::timestamptz then 1 else ${authThrottle.failures} + 1 end`,
        lastFailureAt: sql`excluded.last_failure_at`,
      },
    });
  // Forgotten counters go; failed sign-ins are rare enough to sweep on each one (indexed).
  await db.delete(authThrottle).where(lt(authThrottle.lastFailureAt, cutoff));
}

/** A correct password clears this source's count on this account (not the account's or the source's). */
export async function recordSignInSuccess(db: Database, email: string, ip: string): Promise<void> {
  await db.delete(authThrottle).where(inArray(authThrottle.key, [keys(email, ip).accountSource]));
}
