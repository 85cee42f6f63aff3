/**
 * What happens to deals over time, kept as columns while the simulation runs and numbered in time order at
 * the end: stage history (crm.stagehistory.list) and timeline comments (crm.timeline.comment.list).
 */
import type { WireRecord } from "../snapshot";
import { IntColumn, timeOrder } from "./buffers";
import { type Clock, MINUTES_PER_DAY } from "./clock";
import { type DealFlow, LOST } from "./flow";
import type { Manager } from "./people";
import { bbCode, CommentWriter, commentTheme, HTML_COMMENT, neutralComment, SCRIPT_COMMENT } from "./phrases";
import type { Rng } from "./random";
import type { StageDef } from "./reference";

const HISTORY_TYPES = ["0", "1", "2", "3", "4", "5"];
const EMPTY_FILES: Readonly<Record<string, never>> = Object.freeze({});

export class StageHistory {
  private readonly time = new IntColumn(4096);
  private readonly deal = new IntColumn(4096);
  private readonly stage = new IntColumn(4096);
  private readonly type = new IntColumn(4096);

  /** Copies the events of deal `d`'s flow. */
  record(d: number, flow: DealFlow): void {
    for (let e = 0; e < flow.evCount; e++) {
      this.time.push(flow.evTime[e]!);
      this.deal.push(d);
      this.stage.push(flow.evStage[e]!);
      this.type.push(flow.evType[e]!);
    }
  }

  rows(clock: Clock, stages: StageDef[], dealIds: string[]): WireRecord[] {
    const order = timeOrder(this.time, clock.base);
    const history: WireRecord[] = new Array(order.length);
    for (let k = 0; k < order.length; k++) {
      const i = order[k]!;
      const stage = stages[this.stage.get(i)]!;
      history[k] = {
        ID: String(k + 1),
        TYPE_ID: HISTORY_TYPES[this.type.get(i)]!,
        OWNER_ID: dealIds[this.deal.get(i)]!,
        CREATED_TIME: clock.dt(this.time.get(i)),
        CATEGORY_ID: stage.categoryStr,
        STAGE_SEMANTIC_ID: stage.semantic,
        STAGE_ID: stage.statusId,
      };
    }
    return history;
  }
}

export class TimelineComments {
  private readonly time = new IntColumn();
  private readonly deal = new IntColumn();
  private readonly author = new IntColumn();
  private readonly text: string[] = [];
  private lostTimelineComments = 0;
  private readonly writer: CommentWriter;

  constructor(
    private readonly rng: Rng,
    private readonly clock: Clock,
  ) {
    this.writer = new CommentWriter(rng);
  }

  /**
   * Comments on deal `d` (created at `t0`) shaped by its outcome: lost deals mostly explain the loss, in the
   * timeline or the deal's COMMENTS field (returned), others now and then get a neutral note.
   */
  write(d: number, t0: number, flow: DealFlow, mgr: Manager, assigned: Manager): string | null {
    const { rng } = this;
    const now = this.clock.nowMin;
    let comments: string | null = null;
    if (flow.outcome === LOST) {
      if (rng.chance(mgr.commentRate)) {
        const theme = commentTheme(rng, flow.reason, rng.chance(0.8));
        const r = rng.next();
        if (r < 0.55) {
          this.lostTimelineComments++;
          const nth = this.lostTimelineComments;
          const text = nth === 3 ? SCRIPT_COMMENT : nth === 6 ? HTML_COMMENT : this.writer.loss(theme);
          const at = Math.min(now - 1, flow.closeT + rng.int(1, 600));
          this.add(d, at, at > flow.switchAt ? assigned.userId : mgr.userId, text);
        }
        if (r >= 0.45) {
          const text = this.writer.loss(theme);
          comments = rng.chance(0.25) ? bbCode(rng, text) : text;
        }
      }
    } else {
      if (rng.chance(0.06)) {
        const end = Math.min(now - 1, flow.lastTime + MINUTES_PER_DAY);
        const at = t0 + Math.floor(rng.next() * Math.max(1, end - t0));
        this.add(d, at, assigned.userId, neutralComment(rng));
      }
      if (rng.chance(0.1)) comments = neutralComment(rng);
    }
    return comments;
  }

  private add(d: number, at: number, author: number, text: string): void {
    this.time.push(at);
    this.deal.push(d);
    this.author.push(author);
    this.text.push(text);
  }

  rows(clock: Clock, dealIds: string[], idStr: (userId: number) => string): WireRecord[] {
    const order = timeOrder(this.time, clock.base);
    const comments: WireRecord[] = new Array(order.length);
    for (let k = 0; k < order.length; k++) {
      const i = order[k]!;
      comments[k] = {
        ID: String(k + 1),
        ENTITY_ID: dealIds[this.deal.get(i)]!,
        ENTITY_TYPE: "deal",
        CREATED: clock.dt(this.time.get(i)),
        COMMENT: this.text[i]!,
        AUTHOR_ID: idStr(this.author.get(i)),
        FILES: EMPTY_FILES,
      };
    }
    return comments;
  }
}
