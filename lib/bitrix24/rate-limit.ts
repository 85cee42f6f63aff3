/**
 * Client-side leaky bucket mirroring the portal's (bitrix24-api.md §4): every request adds one unit, the bucket
 * drains `drainPerSec` units a second, and we wait rather than exceed `burst`. Staying under it means we
 * rarely see a 503 at all.
 */
export interface BucketConfig {
  burst: number;
  drainPerSec: number;
}

export const PLAN_LIMITS = {
  standard: { burst: 50, drainPerSec: 2 },
  enterprise: { burst: 250, drainPerSec: 5 },
} satisfies Record<string, BucketConfig>;

export class LeakyBucket {
  private level = 0;
  private updatedAt: number;

  constructor(
    private readonly config: BucketConfig,
    private readonly now: () => number = Date.now,
  ) {
    this.updatedAt = now();
  }

  private drain() {
    const t = this.now();
    this.level = Math.max(0, this.level - ((t - this.updatedAt) / 1000) * this.config.drainPerSec);
    this.updatedAt = t;
  }

  /** Milliseconds to wait before the next request fits under the burst (keeping one unit of headroom). */
  delayMs(): number {
    this.drain();
    const over = this.level + 1 - (this.config.burst - 1);
    return over <= 0 ? 0 : Math.ceil((over / this.config.drainPerSec) * 1000);
  }

  take() {
    this.drain();
    this.level += 1;
  }

  /** The portal said we are over: assume the bucket is full. */
  markFull() {
    this.drain();
    this.level = this.config.burst;
  }
}
