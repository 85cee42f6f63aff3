/**
 * Activities of one deal, shaped by the manager's persona: how many (depth workers call, write and meet far
 * more per deal), of which kinds, spread over the deal's working life; plus a planned next step on live deals
 * and a forgotten overdue to-do on stalled ones.
 */
import {
  type ActivityColumns,
  EMAIL_DESC,
  KIND_CALL,
  KIND_EMAIL,
  KIND_MEETING,
  KIND_TODO,
  subjectSlice,
  TEXT_DESC,
} from "./activities";
import { type Clock, MINUTES_PER_DAY } from "./clock";
import { type DealFlow, LOST, OPEN, WON } from "./flow";
import type { Manager } from "./people";
import type { Rng } from "./random";

const DAY = MINUTES_PER_DAY;

export class ActivityPlanner {
  /** End minute of the deal's latest completed activity (-1 if none) and who did it. */
  lastAct = -1;
  lastActBy = 0;
  private readonly actTimes = new Int32Array(128);

  constructor(
    private readonly rng: Rng,
    private readonly clock: Clock,
    private readonly columns: ActivityColumns,
  ) {}

  plan(d: number, t0: number, flow: DealFlow, mgr: Manager, assigned: Manager): void {
    const { rng, clock } = this;
    const now = clock.nowMin;
    const pipeline = flow.pipeline;
    const closed = flow.outcome !== OPEN;
    const lastMove = flow.lastTime;
    const endActive = closed
      ? flow.closeT
      : flow.stalled
        ? Math.min(lastMove + rng.int(0, 10) * DAY, now - 2)
        : now - 2;
    const mean =
      mgr.params.actRate *
      (1 + flow.stagesPassed) *
      (flow.outcome === WON ? 1.25 : 1) *
      (pipeline.id !== 0 ? 1.3 : 1);
    const n = Math.min(this.actTimes.length, rng.poisson(mean));
    const span = Math.max(1, endActive - t0);
    for (let k = 0; k < n; k++) this.actTimes[k] = t0 + Math.floor(rng.next() * span);
    const times = this.actTimes.subarray(0, n).sort();
    this.lastAct = -1;
    this.lastActBy = assigned.userId;
    for (let k = 0; k < n; k++) {
      let t = clock.toWork(times[k]!, rng);
      if (t > endActive) t = Math.max(t0, endActive);
      const resp = t > flow.switchAt ? assigned.userId : mgr.userId;
      const kind = rng.weighted(mgr.params.actMix);
      const completed = !(flow.outcome === LOST && rng.chance(0.03));
      const end = this.addActivity(d, t0, t, kind, resp, completed);
      if (completed && end > this.lastAct) {
        this.lastAct = end;
        this.lastActBy = resp;
      }
    }
    if (!closed && !flow.stalled && rng.chance(0.6)) {
      // Planned next step.
      const start = clock.toWork(now + rng.int(60, 10 * DAY), rng);
      const created = Math.max(t0, now - 1 - rng.int(0, 3 * DAY));
      const r = rng.next();
      const kind = r < 0.5 ? KIND_TODO : r < 0.85 ? KIND_CALL : KIND_MEETING;
      this.pushActivity(d, created, start, kind, assigned.userId, false);
    } else if (flow.stalled && rng.chance(0.4)) {
      // Forgotten, overdue to-do.
      const created = Math.min(now - 3, lastMove + rng.int(60, 3 * DAY));
      const start = Math.min(now - 2, created + rng.int(1, 5) * DAY);
      this.pushActivity(d, created, start, KIND_TODO, mgr.userId, false);
    }
  }

  /** A completed-or-not activity around minute t; returns its end minute. */
  private addActivity(
    d: number,
    t0: number,
    t: number,
    kind: number,
    resp: number,
    completed: boolean,
  ): number {
    const { rng } = this;
    const latest = this.clock.nowMin - 2;
    const start = Math.min(t, latest);
    let end = start;
    let created = start;
    let direction = 0;
    if (kind === KIND_CALL) {
      direction = rng.chance(0.25) ? 1 : 2;
      end = Math.min(latest, start + rng.int(1, 20));
      created = end;
    } else if (kind === KIND_EMAIL) {
      direction = rng.chance(0.3) ? 1 : 2;
    } else if (kind === KIND_MEETING) {
      end = Math.min(latest, start + 60);
      created = Math.max(t0, this.clock.toWork(start - rng.int(1, 4) * DAY, rng));
    } else {
      created = Math.max(t0, this.clock.toWork(start - rng.int(0, 3 * DAY), rng));
    }
    if (created > start) created = start;
    if (end < start) end = start;
    this.store(d, created, start, end, kind, direction, resp, completed);
    return end;
  }

  /** A pending activity (planned or overdue). */
  private pushActivity(
    d: number,
    created: number,
    start: number,
    kind: number,
    resp: number,
    done: boolean,
  ): void {
    const end = kind === KIND_CALL ? start + 15 : kind === KIND_MEETING ? start + 60 : start;
    this.store(d, created, start, end, kind, kind === KIND_CALL ? 2 : 0, resp, done);
  }

  private store(
    d: number,
    created: number,
    start: number,
    end: number,
    kind: number,
    direction: number,
    resp: number,
    completed: boolean,
  ): void {
    const { rng } = this;
    const [from, count] = subjectSlice(kind, direction);
    const pr = rng.next();
    let desc = 0;
    if (kind === KIND_EMAIL) desc = EMAIL_DESC[0] + rng.int(0, EMAIL_DESC[1] - 1);
    else if (kind !== KIND_CALL && rng.chance(0.3)) desc = TEXT_DESC[0] + rng.int(0, TEXT_DESC[1] - 1);
    this.columns.push(
      created,
      start,
      end,
      d,
      resp,
      kind,
      direction,
      completed,
      pr < 0.05 ? 1 : pr < 0.9 ? 2 : 3,
      from + rng.int(0, count - 1),
      desc,
      rng.int(0, 4),
    );
  }
}
