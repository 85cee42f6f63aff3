/**
 * Sign-in throttling, in process memory (enough for the single `next start` process LossLens runs as; several
 * server processes would each keep their own counts — put a shared store behind this interface then).
 *
 * Two windows of failed attempts, 5 minutes each:
 * - 5 failures per (e-mail, client IP): the normal brake on guessing one account's password;
 * - 20 failures per e-mail from any IP: the client IP comes from X-Forwarded-For, which a client can forge when no
 *   reverse proxy overwrites it, so rotating that header must not buy unlimited guesses.
 * A blocked attempt is refused before the password is checked. A successful sign-in clears its (e-mail, IP) key.
 */
export interface LoginLimits {
  windowMs: number;
  perEmailIp: number;
  perEmail: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { windowMs: 5 * 60_000, perEmailIp: 5, perEmail: 20 };

export class LoginRateLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(key: string): number[] {
    const since = this.now() - this.limits.windowMs;
    const kept = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (kept.length) this.failures.set(key, kept);
    else this.failures.delete(key);
    return kept;
  }

  isBlocked(email: string, ip: string): boolean {
    return (
      this.recent(`${email}|${ip}`).length >= this.limits.perEmailIp ||
      this.recent(email).length >= this.limits.perEmail
    );
  }

  recordFailure(email: string, ip: string): void {
    const t = this.now();
    if (this.failures.size > 10_000) this.sweep();
    for (const key of [`${email}|${ip}`, email]) this.failures.set(key, [...this.recent(key), t]);
  }

  recordSuccess(email: string, ip: string): void {
    this.failures.delete(`${email}|${ip}`);
  }

  /** Drops expired entries so the map does not grow with one-off attempts. */
  sweep(): void {
    for (const key of [...this.failures.keys()]) this.recent(key);
  }
}

const g = globalThis as unknown as { __losslensLoginLimiter?: LoginRateLimiter };

/** The process-wide limiter (survives dev-server reloads). */
export function loginLimiter(): LoginRateLimiter {
  g.__losslensLoginLimiter ??= new LoginRateLimiter();
  return g.__losslensLoginLimiter;
}
