/**
 * One deal's path through its pipeline: stage by stage it is lost, advances (sometimes skipping a stage),
 * stalls (left open and forgotten), changes pipeline, or is re-opened after a loss. The result is kept in
 * reusable fields (no per-deal allocation); the caller copies the events into the global history columns.
 */
import { type Clock, MINUTES_PER_DAY } from "./clock";
import type { Manager } from "./people";
import type { Rng } from "./random";
import { type PipelineDef, REASON, REASON_COUNT, type StageDef } from "./reference";

export const OPEN = 0;
export const WON = 1;
export const LOST = 2;

const MAX_EVENTS = 256;

export class DealFlow {
  readonly evTime = new Int32Array(MAX_EVENTS);
  readonly evStage = new Int32Array(MAX_EVENTS);
  readonly evType = new Int32Array(MAX_EVENTS);
  evCount = 0;

  outcome = OPEN;
  closeT = -1;
  /** The "true" loss reason (drives comments); -1 when not lost. */
  reason = -1;
  /** The failure stage was picked without regard to the reason (generic LOSE). */
  lazyStage = false;
  stalled = false;
  stagesPassed = 0;
  pipeline!: PipelineDef;
  /** Minute the deal was handed over from a dismissed manager (Infinity if never). */
  switchAt = Number.POSITIVE_INFINITY;
  handedTo = -1;

  private readonly weights = new Float64Array(REASON_COUNT);

  constructor(
    private readonly rng: Rng,
    private readonly clock: Clock,
    private readonly big: PipelineDef,
    /** Picks the manager index for a deal handed over at a minute. */
    private readonly successor: (minute: number) => number,
  ) {}

  private push(t: number, stage: StageDef, type: number): void {
    if (this.evCount >= MAX_EVENTS) return;
    this.evTime[this.evCount] = t;
    this.evStage[this.evCount] = stage.index;
    this.evType[this.evCount] = type;
    this.evCount++;
  }

  get lastTime(): number {
    return this.evTime[this.evCount - 1]!;
  }

  get lastStage(): number {
    return this.evStage[this.evCount - 1]!;
  }

  run(
    t0: number,
    start: PipelineDef,
    mgr: Manager,
    lossMul: number,
    forceOpen: boolean,
    directFail: boolean,
  ): void {
    const { rng } = this;
    this.reset(start);
    let p = start;
    if (directFail) {
      this.failDirectly(t0, p);
      return;
    }

    let proc = p.process;
    let i = 0;
    let t = t0;
    let reopened = false;
    let moved = false;
    let mul = lossMul;
    this.push(t0, proc[0]!, 1);
    const stall = mgr.params.stallPerStage;
    for (;;) {
      if (forceOpen || rng.chance(stall)) {
        this.stalled = true;
        break;
      }
      const next = this.nextMove(t, p.dwellDays[i]! * mgr.params.dwellMul);
      if (next >= this.clock.nowMin - 1) break;
      if (this.handedTo < 0 && next > mgr.leaveMin && this.leftBehind(mgr)) break;
      t = next;
      if (p.id === 0 && i >= 1 && !moved && p !== this.big && rng.chance(0.02)) {
        // Grew into a key account: moved to the "Крупные клиенты" pipeline (history TYPE_ID 5).
        moved = true;
        p = this.big;
        this.pipeline = p;
        proc = p.process;
        i = 0;
        this.push(t, proc[0]!, 5);
        continue;
      }
      if (rng.chance(Math.min(0.9, p.lossProb[i]! * mul))) {
        this.lose(t, p, this.pickReason(i / (proc.length - 1), t, mgr));
        const back = reopened ? -1 : this.comeBackAt(t);
        if (back < 0) break;
        // The client came back: re-opened into a process stage, then won or lost again.
        reopened = true;
        this.outcome = OPEN;
        this.closeT = -1;
        this.reason = -1;
        i = Math.max(0, i - rng.int(0, 1));
        t = back;
        mul *= 0.9;
        this.push(t, proc[i]!, 2);
        continue;
      }
      this.stagesPassed++;
      i += i + 2 <= proc.length && rng.chance(0.05) ? 2 : 1;
      if (i >= proc.length) {
        this.outcome = WON;
        this.closeT = t;
        this.push(t, p.won, 3);
        break;
      }
      this.push(t, proc[i]!, 2);
    }
  }

  private reset(start: PipelineDef): void {
    this.evCount = 0;
    this.outcome = OPEN;
    this.closeT = -1;
    this.reason = -1;
    this.lazyStage = false;
    this.stalled = false;
    this.stagesPassed = 0;
    this.switchAt = Number.POSITIVE_INFINITY;
    this.handedTo = -1;
    this.pipeline = start;
  }

  /** Created straight in a failure stage (bulk "close as junk" or an import): lost at "unknown". */
  private failDirectly(t0: number, p: PipelineDef): void {
    this.outcome = LOST;
    this.closeT = t0;
    this.reason = this.rng.pick([
      REASON.notTarget,
      REASON.notTarget,
      REASON.other,
      REASON.decision,
      REASON.noResponse,
      REASON.price,
    ]);
    this.lazyStage = true;
    this.push(t0, p.lose, 1);
  }

  /** When the deal next moves, after about `median` days in its stage, in working hours. */
  private nextMove(t: number, median: number): number {
    const dwell = Math.max(5, Math.round(this.rng.logNormal(median, 0.8) * MINUTES_PER_DAY));
    const next = this.clock.toWork(t + dwell, this.rng);
    return next <= t ? t + 1 : next;
  }

  /**
   * The manager left: some deals are forgotten under the dismissed user (true: the deal stalls), the rest
   * handed over.
   */
  private leftBehind(mgr: Manager): boolean {
    if (this.rng.chance(0.4)) {
      this.stalled = true;
      return true;
    }
    this.switchAt = mgr.leaveMin;
    this.handedTo = this.successor(mgr.leaveMin + 1);
    return false;
  }

  private lose(t: number, p: PipelineDef, reason: number): void {
    this.reason = reason;
    this.outcome = LOST;
    this.closeT = t;
    this.push(t, this.failStage(p, reason), 3);
  }

  /** Now and then a lost client comes back within a quarter; -1 when not (or not before "now"). */
  private comeBackAt(t: number): number {
    if (!this.rng.chance(0.03)) return -1;
    const back = this.clock.toWork(t + this.rng.int(10, 90) * MINUTES_PER_DAY, this.rng);
    return back < this.clock.nowMin - 1 ? back : -1;
  }

  private failStage(p: PipelineDef, reason: number): StageDef {
    this.lazyStage = false;
    if (p.failByReason) {
      if (this.rng.chance(0.12)) {
        this.lazyStage = true;
        return p.lose;
      }
      return p.failByReason[reason]!;
    }
    return this.rng.chance(p.apologyShare) ? p.apology : p.lose;
  }

  /** Reason mix by position in the pipeline (0 first stage … 1 last), with a recent competitor surge. */
  private pickReason(pos: number, t: number, mgr: Manager): number {
    const w = this.weights;
    const window = 270 * MINUTES_PER_DAY;
    const recency = Math.max(0, (t - (this.clock.nowMin - window)) / window);
    w[REASON.price] = (0.05 + 0.4 * pos) * (mgr.priceBias ? 2.5 : 1);
    w[REASON.competitor] = (0.04 + 0.3 * pos) * (1 + 1.6 * recency);
    w[REASON.budget] = 0.2 - 0.1 * pos;
    w[REASON.noResponse] = (0.05 + 0.4 * (1 - pos)) * (mgr.persona === "depth" ? 0.5 : 1);
    w[REASON.productFit] = 0.05 + 0.25 * Math.max(0, 1 - Math.abs(pos - 0.4) * 2.5);
    w[REASON.postponed] = 0.08 + 0.08 * pos;
    w[REASON.decision] = 0.02 + 0.1 * pos;
    w[REASON.notTarget] = 0.05 * (1 - pos);
    w[REASON.other] = 0.05;
    return this.rng.weighted(w);
  }
}
