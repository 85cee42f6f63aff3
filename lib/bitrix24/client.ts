/**
 * A small typed Bitrix24 REST client: JSON POST, zod-checked envelopes, typed errors, self-pacing with a
 * leaky bucket, retries with exponential backoff and jitter, one request in flight per portal, and
 * single-flight OAuth refresh on `expired_token`.
 */
import qs from "qs";
import { z } from "zod";
import { type BatchResult, keyed, type RawBatch, refersTo, resolveRefs } from "./batch";
import { Bitrix24Error, toErrorCode } from "./errors";
import { type BucketConfig, LeakyBucket, PLAN_LIMITS } from "./rate-limit";
import { parseStorableJson } from "./storable";

export type { BatchResult } from "./batch";
export type Params = Record<string, unknown>;

export type ClientAuth =
  | { kind: "webhook"; url: string }
  | {
      kind: "oauth";
      /** client_endpoint, e.g. https://portal.bitrix24.ru/rest/ */
      endpoint: string;
      accessToken: () => string;
      /** Exchanges the refresh token; called at most once at a time. */
      refresh: () => Promise<void>;
    };

export interface ClientOptions {
  auth: ClientAuth;
  limits?: BucketConfig;
  maxRetries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Longest wait for an operating-time window to reset after a 429 (default 10 minutes). */
  maxOperatingWaitMs?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

export interface Envelope<T = unknown> {
  result: T;
  next?: number;
  total?: number;
}

const envelopeSchema = z.object({
  result: z.unknown(),
  next: z.coerce.number().optional(),
  total: z.coerce.number().optional(),
  time: z
    .object({ operating_reset_at: z.number().optional(), date_start: z.string().optional() })
    .loose()
    .optional(),
});
const errorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

export interface ClientStats {
  requests: number;
  retries: number;
  byMethod: Record<string, number>;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export class Bitrix24Client {
  readonly stats: ClientStats = { requests: 0, retries: 0, byMethod: {} };
  private readonly bucket: LeakyBucket;
  private queue: Promise<unknown> = Promise.resolve();
  private refreshing: Promise<void> | null = null;
  /** From the last good envelope: when the operating-time window next frees up (unix s), overall and per method. */
  private operatingResetAt: number | null = null;
  private readonly resetAtByMethod = new Map<string, number>();
  private readonly fetchImpl: typeof fetch;
  /** The portal's server offset ("+03:00") as seen in the last envelope's time.date_start. */
  serverOffset: string | null = null;

  constructor(private readonly options: ClientOptions) {
    this.bucket = new LeakyBucket(options.limits ?? PLAN_LIMITS.standard);
    this.fetchImpl = options.fetch ?? fetch;
  }

  /** Calls one method. Requests are serialised: one in flight per portal. */
  call<T = unknown>(method: string, params: Params = {}): Promise<Envelope<T>> {
    const run = this.queue.then(() => this.callWithRetries<T>(method, params));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private url(method: string): string {
    const { auth } = this.options;
    const base = auth.kind === "webhook" ? auth.url : auth.endpoint;
    return `${base.endsWith("/") ? base : `${base}/`}${method}.json`;
  }

  private async callWithRetries<T>(method: string, params: Params): Promise<Envelope<T>> {
    const maxRetries = this.options.maxRetries ?? 8;
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once<T>(method, params);
      } catch (err) {
        if (!(err instanceof Bitrix24Error)) throw err;
        const { auth } = this.options;
        if (
          auth.kind === "oauth" &&
          !refreshed &&
          (err.code === "expired_token" || err.code === "invalid_token")
        ) {
          refreshed = true;
          this.refreshing ??= auth.refresh().finally(() => {
            this.refreshing = null;
          });
          await this.refreshing;
          continue;
        }
        if (!err.retryable || attempt >= maxRetries) throw err;
        this.stats.retries += 1;
        await sleep(this.backoffMs(err.code, attempt, [method]), this.options.signal);
      }
    }
  }

  private noteOperating(method: string, resetAt: number | undefined) {
    if (resetAt === undefined) return;
    this.operatingResetAt = resetAt;
    this.resetAtByMethod.set(method, resetAt);
  }

  /** How long to wait before retrying: until the blocked methods' window resets, else exponential backoff. */
  private backoffMs(code: string, attempt: number, methods: string[]): number {
    if (code === "QUERY_LIMIT_EXCEEDED") this.bucket.markFull();
    if (code === "OPERATION_TIME_LIMIT") {
      const resets = methods.map((m) => this.resetAtByMethod.get(m) ?? this.operatingResetAt ?? 0);
      const wait = Math.max(0, ...resets) * 1000 - Date.now();
      if (wait > 0) return Math.min(wait + 250, this.options.maxOperatingWaitMs ?? 10 * 60_000);
    }
    const base = this.options.baseDelayMs ?? 500;
    const cap = this.options.maxDelayMs ?? 30_000;
    const exp = Math.min(cap, base * 2 ** attempt);
    return exp / 2 + Math.random() * (exp / 2);
  }

  private async once<T>(method: string, params: Params): Promise<Envelope<T>> {
    const wait = this.bucket.delayMs();
    if (wait > 0) await sleep(wait, this.options.signal);
    this.bucket.take();
    this.stats.requests += 1;
    this.stats.byMethod[method] = (this.stats.byMethod[method] ?? 0) + 1;

    const { auth } = this.options;
    const body = auth.kind === "oauth" ? { ...params, auth: auth.accessToken() } : params;
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 90_000);
    const signal = this.options.signal ? AbortSignal.any([this.options.signal, timeout]) : timeout;
    let res: Response;
    let text: string;
    try {
      res = await this.fetchImpl(this.url(method), {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(body),
        signal,
      });
      text = await res.text();
    } catch (err) {
      if (this.options.signal?.aborted) throw this.options.signal.reason;
      throw new Bitrix24Error("NETWORK", 0, (err as Error).message, method);
    }
    let json: unknown;
    try {
      json = parseStorableJson(text);
    } catch {
      // Gateways answer overload with an HTML page; treat it as retryable.
      throw new Bitrix24Error("NON_JSON", res.status, text.slice(0, 120), method);
    }
    const error = errorSchema.safeParse(json);
    if (error.success && !("result" in (json as object))) {
      throw new Bitrix24Error(
        toErrorCode(error.data.error, res.status),
        res.status,
        error.data.error_description ?? "",
        method,
      );
    }
    if (!res.ok) throw new Bitrix24Error("HTTP_ERROR", res.status, text.slice(0, 120), method);
    const envelope = envelopeSchema.safeParse(json);
    if (!envelope.success)
      throw new Bitrix24Error("ERROR_UNEXPECTED_ANSWER", res.status, "bad envelope", method);
    this.noteOperating(method, envelope.data.time?.operating_reset_at);
    const offset = /([+-]\d\d:\d\d)$/.exec(envelope.data.time?.date_start ?? "");
    if (offset?.[1]) this.serverOffset = offset[1];
    return envelope.data as Envelope<T>;
  }

  /**
   * Runs up to 50 commands in one request. PHP serialises empty maps as [] and 0..n-1 maps as arrays; this
   * normalises both to objects keyed by command name. A batch answers HTTP 200 even when its commands fail, so
   * commands that failed with a retryable error (the method's OPERATION_TIME_LIMIT above all) are run again
   * after the same wait a single call gets: until the method's operating_reset_at, else backoff. Only those
   * commands go again, with the ones that referenced them (`$result[...]` of a failed command resolved to
   * nothing); references to commands that succeeded are filled in here from their results.
   */
  async batch(
    commands: Record<string, { method: string; params?: Params }>,
    halt = false,
  ): Promise<BatchResult> {
    const names = Object.keys(commands);
    if (names.length > 50) throw new Error("batch: at most 50 commands");
    const out: BatchResult = { result: {}, error: {}, total: {}, next: {} };
    const maxRetries = this.options.maxRetries ?? 8;
    let pending = names;
    for (let attempt = 0; ; attempt++) {
      const waiting = new Set(pending);
      const cmd = Object.fromEntries(
        pending.map((name) => {
          const c = commands[name]!;
          const params = resolveRefs(c.params ?? {}, out.result, waiting);
          const query = qs.stringify(params, { encodeValuesOnly: true, arrayFormat: "indices" });
          return [name, query ? `${c.method}?${query}` : c.method];
        }),
      );
      const env = await this.call<RawBatch>("batch", { halt: halt ? 1 : 0, cmd });
      const raw = env.result ?? {};
      const result = keyed(raw.result, pending);
      const error = keyed(raw.result_error, pending) as BatchResult["error"];
      const total = keyed(raw.result_total, pending) as Record<string, number>;
      const next = keyed(raw.result_next, pending) as Record<string, number>;
      const times = keyed(raw.result_time, pending) as Record<string, { operating_reset_at?: number }>;
      for (const name of pending) {
        this.noteOperating(commands[name]!.method, times[name]?.operating_reset_at);
        if (name in result) out.result[name] = result[name];
        if (name in total) out.total[name] = total[name]!;
        if (name in next) out.next[name] = next[name]!;
        if (error[name]) out.error[name] = error[name];
      }
      const failed = pending.filter((n) => {
        const e = error[n];
        return e && new Bitrix24Error(toErrorCode(e.error, 0), 0, "").retryable;
      });
      if (failed.length === 0 || attempt >= maxRetries) return out;
      // Re-run the failed commands and every command that (transitively) referenced one of them.
      const again = new Set(failed);
      for (const name of names) if (refersTo(commands[name]!.params, again)) again.add(name);
      pending = names.filter((n) => again.has(n));
      for (const n of pending) {
        delete out.error[n];
        delete out.result[n];
      }
      this.stats.retries += 1;
      const code = toErrorCode(error[failed[0]!]!.error, 0);
      const methods = failed.map((n) => commands[n]!.method);
      await sleep(this.backoffMs(code, attempt, methods), this.options.signal);
    }
  }
}

export function webhookBase(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}
