/** Leaky bucket per client IP and per-(auth, method) operating time (bitrix24-api.md §4). */
import { errors } from "./errors";

export interface LimitsConfig {
  enabled: boolean;
  /** X: bucket size (default 50, enterprise 250). */
  burst?: number;
  /** Y: drain per second (default 2, enterprise 5). */
  drainPerSec?: number;
  /** Operating-time limit per method in the 10-minute window (default 480 s). */
  operatingLimitSec?: number;
  /** Artificial cost added to every call's operating time (tests use it to reach the limit quickly). */
  extraCostSec?: number;
}

const WINDOW_MIN = 10;

export interface OperatingInfo {
  operating: number;
  resetAt?: number;
}

export class Limiter {
  private buckets = new Map<string, { level: number; at: number }>();
  private operating = new Map<string, Map<number, number>>();

  constructor(
    private cfg: LimitsConfig,
    private readonly enterprise: boolean,
  ) {}

  get config(): LimitsConfig {
    return this.cfg;
  }

  setConfig(cfg: LimitsConfig): void {
    this.cfg = cfg;
    this.buckets.clear();
    this.operating.clear();
  }

  private get burst(): number {
    return this.cfg.burst ?? (this.enterprise ? 250 : 50);
  }

  private get drain(): number {
    return this.cfg.drainPerSec ?? (this.enterprise ? 5 : 2);
  }

  /** Counts one HTTP request for `ip`; throws 503 QUERY_LIMIT_EXCEEDED when the bucket is full. */
  hit(ip: string, nowMs = Date.now()): void {
    if (!this.cfg.enabled) return;
    const b = this.buckets.get(ip) ?? { level: 0, at: nowMs };
    b.level = Math.max(0, b.level - ((nowMs - b.at) / 1000) * this.drain);
    b.at = nowMs;
    this.buckets.set(ip, b);
    if (b.level + 1 > this.burst) throw errors.queryLimit();
    b.level += 1;
  }

  private window(key: string, nowMs: number): Map<number, number> {
    let w = this.operating.get(key);
    if (!w) {
      w = new Map();
      this.operating.set(key, w);
    }
    const minute = Math.floor(nowMs / 60_000);
    for (const m of w.keys()) if (m <= minute - WINDOW_MIN) w.delete(m);
    return w;
  }

  info(authKey: string, method: string, nowMs = Date.now()): OperatingInfo {
    const w = this.window(`${authKey}|${method}`, nowMs);
    let sum = 0;
    let oldest = Number.POSITIVE_INFINITY;
    for (const [m, s] of w) {
      sum += s;
      oldest = Math.min(oldest, m);
    }
    return sum > 0 ? { operating: sum, resetAt: (oldest + WINDOW_MIN) * 60 } : { operating: 0 };
  }

  /** Throws 429 OPERATION_TIME_LIMIT when the method's window is over the limit. */
  checkOperating(authKey: string, method: string, nowMs = Date.now()): void {
    if (!this.cfg.enabled) return;
    if (this.info(authKey, method, nowMs).operating >= (this.cfg.operatingLimitSec ?? 480)) {
      throw errors.operationLimit();
    }
  }

  addOperating(authKey: string, method: string, seconds: number, nowMs = Date.now()): OperatingInfo {
    const w = this.window(`${authKey}|${method}`, nowMs);
    const minute = Math.floor(nowMs / 60_000);
    w.set(minute, (w.get(minute) ?? 0) + seconds + (this.cfg.extraCostSec ?? 0));
    return this.info(authKey, method, nowMs);
  }
}
