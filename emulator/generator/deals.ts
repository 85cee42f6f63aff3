/**
 * The deal simulation: walks deals in creation order (so deal, company and contact IDs ascend with time),
 * runs each through its pipeline, then derives activities and comments shaped by the manager's persona.
 * History, activities and comments are collected as columns and numbered in time order at the end.
 */
import type { WireRecord } from "../snapshot";
import { money } from "../wire";
import { ActivityColumns } from "./activities";
import { ActivityPlanner } from "./activity-plan";
import { PRODUCTS } from "./banks";
import { Clients, NO_WIN } from "./clients";
import { type Clock, MINUTES_PER_DAY } from "./clock";
import { StageHistory, TimelineComments } from "./deal-log";
import { dealRow } from "./deal-row";
import { DealFlow, LOST, OPEN, WON } from "./flow";
import type { Manager, People } from "./people";
import { competitorName } from "./phrases";
import type { Rng } from "./random";
import { type PipelineDef, REASON, type Reference } from "./reference";
import { creationTimes } from "./timeline";

const DAY = MINUTES_PER_DAY;

export interface SimulationResult {
  deals: WireRecord[];
  history: WireRecord[];
  activities: WireRecord[];
  comments: WireRecord[];
  companies: WireRecord[];
  contacts: WireRecord[];
}

interface Amount {
  currency: string;
  opportunity: string;
  accountAmount: string;
  manual: string;
}

/** One deal while it is being described: who, which client, and what it was worth. */
interface Deal {
  id: string;
  t0: number;
  client: number;
  mgr: Manager;
  assigned: Manager;
  returning: boolean;
  repeatedApproach: boolean;
  comments: string | null;
  amount: Amount;
}

export class DealSimulator {
  private readonly dealIds: string[] = [];
  private readonly deals: WireRecord[] = [];
  private readonly history = new StageHistory();
  private readonly acts = new ActivityColumns();
  private readonly planner: ActivityPlanner;
  private readonly comments: TimelineComments;
  private readonly clients = new Clients();
  private readonly flow: DealFlow;
  private readonly managers: Manager[];
  private readonly managerWeights: Float64Array;
  private readonly pipelineWeights: Float64Array;
  private readonly sourceFactor: number[];
  private readonly repeatSource: number;
  private readonly partnerSource: number;
  private readonly moneyCache = new Map<number, string>();
  private newHireClosed = 0;
  private leadId = 0;

  constructor(
    private readonly rng: Rng,
    private readonly clock: Clock,
    private readonly ref: Reference,
    private readonly people: People,
    private readonly lean: boolean,
  ) {
    this.managers = people.managers;
    this.managerWeights = new Float64Array(this.managers.length);
    this.pipelineWeights = new Float64Array(ref.pipelines.length);
    this.planner = new ActivityPlanner(rng, clock, this.acts);
    this.comments = new TimelineComments(rng, clock);
    this.flow = new DealFlow(rng, clock, ref.pipelines[1]!, (minute) => this.pickManager(minute));
    const factors: Record<string, number> = {
      RECOMMENDATION: 0.8,
      PARTNER: 0.85,
      REPEAT_SALE: 0.8,
      ADVERTISING: 1.15,
      WEB: 1.1,
      WEBFORM: 1.1,
    };
    this.sourceFactor = ref.sourceIds.map((s) => factors[s] ?? 1);
    this.repeatSource = ref.sourceIds.indexOf("REPEAT_SALE");
    this.partnerSource = ref.sourceIds.indexOf("PARTNER");
  }

  run(count: number): SimulationResult {
    const times = creationTimes(this.rng, this.clock, count);
    this.calibrateNewHire(times);
    for (let d = 0; d < count; d++) this.simulate(d, times[d]!);
    return this.finish();
  }

  /** The new hire gets about 20 deals whatever the portal size. */
  private calibrateNewHire(times: Int32Array): void {
    const hire = this.managers[this.managers.length - 1]!;
    let recent = 0;
    for (let i = times.length - 1; i >= 0 && times[i]! >= hire.hireMin; i--) recent++;
    let others = 0;
    for (const m of this.managers) if (m !== hire && m.leaveMin > this.clock.nowMin) others += m.weight;
    hire.weight = recent > 40 ? (others * 20) / (recent - 20) : others;
  }

  private pickManager(t: number): number {
    const w = this.managerWeights;
    let total = 0;
    for (let i = 0; i < this.managers.length; i++) {
      const m = this.managers[i]!;
      w[i] = m.hireMin <= t && t <= m.leaveMin ? m.weight : 0;
      total += w[i]!;
    }
    return total > 0 ? this.rng.weighted(w) : 1;
  }

  private simulate(d: number, t0: number): void {
    const { rng, ref, clients } = this;
    const pick = this.pickClient(t0);
    const mi = pick.manager;
    let client = pick.client;
    const mgr = this.managers[mi]!;
    if (!pick.repeat) {
      const r = rng.next();
      const kind = r < 0.74 ? 0 : r < 0.8 ? 1 : r < 0.985 ? 2 : -1;
      if (kind >= 0) client = clients.add(rng, t0, mi, mgr.userId, kind, pick.source);
    }
    const returning = client >= 0 && clients.firstWin.get(client) < t0;
    const repeatedApproach = client >= 0 && !returning && clients.dealCount.get(client) > 0;
    const startPipeline = this.pickPipeline(mgr, returning);

    const lossMul =
      mgr.params.lossMul * (returning ? 0.7 : repeatedApproach ? 0.9 : 1) * this.sourceFactor[pick.source]!;
    const isNewHire = mgr.persona === "newHire";
    const special = rng.next();
    const directFail = special < 0.003;
    const noHistory = special >= 0.003 && special < 0.006;
    const flow = this.flow;
    flow.run(t0, startPipeline, mgr, lossMul, isNewHire && this.newHireClosed >= 8, directFail);
    if (isNewHire && flow.outcome !== OPEN) this.newHireClosed++;

    const assigned = flow.handedTo >= 0 ? this.managers[flow.handedTo]! : mgr;
    if (!noHistory) this.history.record(d, flow);
    const id = String(d + 1);
    this.dealIds.push(id);
    this.planner.plan(d, t0, flow, mgr, assigned);
    const comments = this.comments.write(d, t0, flow, mgr, assigned);
    let reasonValue = "";
    let competitor = "";
    if (flow.outcome === LOST) {
      const option = ref.reasonOptionIds[flow.reason]!;
      const share = Math.min(0.97, flow.pipeline.reasonFieldShare * mgr.reasonRate);
      const p = directFail ? Math.min(0.3, share) : share;
      if (rng.chance(p)) reasonValue = option;
      if (flow.reason === REASON.competitor && rng.chance(0.45)) competitor = competitorName(rng, 0.2);
    }
    const amount = this.amount(startPipeline, mgr);
    const deal: Deal = { id, t0, client, mgr, assigned, returning, repeatedApproach, comments, amount };
    this.deals.push(this.describe(deal, ref.sourceIds[pick.source]!, reasonValue, competitor));
  }

  /** Often a deal comes from a known client, usually handled by their manager again. */
  private pickClient(t0: number): { manager: number; source: number; client: number; repeat: boolean } {
    const { rng, clients } = this;
    let mi = this.pickManager(t0);
    let source = rng.weighted(this.ref.sourceWeights);
    if (clients.size === 0 || !rng.chance(0.42)) return { manager: mi, source, client: -1, repeat: false };
    let client = rng.int(0, clients.size - 1);
    if (clients.firstWin.get(client) === NO_WIN && rng.chance(0.4)) client = rng.int(0, clients.size - 1);
    const cm = clients.manager.get(client);
    const owner = this.managers[cm]!;
    if (owner.hireMin <= t0 && t0 <= owner.leaveMin && rng.chance(0.7)) mi = cm;
    if (rng.chance(0.5)) source = rng.chance(0.7) ? this.repeatSource : this.partnerSource;
    return { manager: mi, source, client, repeat: true };
  }

  private pickPipeline(mgr: Manager, returning: boolean): PipelineDef {
    const pw = this.pipelineWeights;
    pw[0] = 0.72;
    pw[1] = 0.16 * mgr.params.bigMul * (returning ? 1.5 : 1);
    if (pw.length > 2) pw[2] = 0.12;
    return this.ref.pipelines[this.rng.weighted(pw)]!;
  }

  private amount(startPipeline: PipelineDef, mgr: Manager): Amount {
    const { rng, ref } = this;
    let amount = rng.logNormal(150_000, 0.95) * startPipeline.amountMul * mgr.params.amountMul;
    amount = Math.max(
      1000,
      amount < 100_000 ? Math.round(amount / 500) * 500 : Math.round(amount / 1000) * 1000,
    );
    const cr = rng.next() * (this.flow.pipeline.id === 0 ? 1 : 0.5);
    const currency = cr < 0.03 ? "USD" : cr < 0.045 ? "EUR" : "RUB";
    if (rng.chance(0.015)) return { currency, opportunity: "0.00", accountAmount: "0.00", manual: "N" };
    if (currency === "RUB") {
      const opportunity = this.rub(amount);
      return { currency, opportunity, accountAmount: opportunity, manual: "Y" };
    }
    const rate = ref.rates[currency]!;
    const foreign = Math.max(10, Math.round(amount / rate / 10) * 10);
    return { currency, opportunity: money(foreign), accountAmount: money(foreign * rate), manual: "Y" };
  }

  /** The deal's row: client links, title, source details and dates. */
  private describe(deal: Deal, sourceId: string, reasonValue: string, competitor: string): WireRecord {
    const { rng, clock, ref, clients, flow } = this;
    const { id, t0, client, mgr, assigned, comments } = deal;
    const now = clock.nowMin;
    const stage = ref.stages[flow.lastStage]!;
    const closed = flow.outcome !== OPEN;
    const company = client >= 0 ? clients.company.get(client) : 0;
    const contact = client >= 0 && !(company && rng.chance(0.1)) ? clients.contact.get(client) : 0;
    if (client >= 0) clients.touch(client, t0, flow.outcome === WON ? flow.closeT : null);
    const product = rng.pick(PRODUCTS);
    const tr = rng.next();
    const title =
      tr < 0.55 || client < 0
        ? product
        : tr < 0.85
          ? `${product} — ${clients.label(client)}`
          : `Сделка #${id}`;
    const web = sourceId === "WEB" || sourceId === "ADVERTISING" || sourceId === "WEBFORM";
    const utm = web && rng.chance(0.7);
    let leadId: string | null = null;
    if ((web || sourceId === "CALLBACK") && rng.chance(0.6)) {
      this.leadId += rng.int(1, 4);
      leadId = String(this.leadId);
    }
    const lastMove = flow.lastTime;
    const modified = Math.min(
      now - 1,
      lastMove + (comments !== null || rng.chance(0.3) ? rng.int(0, 3 * DAY) : 0),
    );
    const mover = lastMove > flow.switchAt ? assigned.idStr : mgr.idStr;
    const lastAct = this.planner.lastAct;
    return dealRow(rng, clock, this.people, {
      id,
      title,
      stage,
      isNew: !closed && stage === flow.pipeline.process[0],
      returning: deal.returning,
      repeatedApproach: deal.repeatedApproach,
      ...deal.amount,
      leadId,
      companyId: company ? clients.companyIdStr(company) : null,
      contactId: contact ? clients.contactIdStr(contact) : null,
      created: t0,
      closed,
      closeT: flow.closeT,
      assignedId: assigned.idStr,
      creatorId: mgr.idStr,
      mover,
      modified,
      lastMove,
      comments,
      sourceId,
      utm,
      lastActivity: lastAct >= 0 ? lastAct : t0,
      lastActBy: this.planner.lastActBy,
      reasonField: ref.reasonField,
      reasonValue,
      competitorField: ref.competitorField,
      competitor,
    });
  }

  /** Money strings of round RUB amounts repeat a lot: share them. */
  private rub(amount: number): string {
    let s = this.moneyCache.get(amount);
    if (s === undefined) {
      s = money(amount);
      this.moneyCache.set(amount, s);
    }
    return s;
  }

  private finish(): SimulationResult {
    const { clock, ref, dealIds } = this;
    const idStr = this.people.idStr;
    return {
      deals: this.deals,
      history: this.history.rows(clock, ref.stages, dealIds),
      activities: this.acts.rows(clock, clock.base, dealIds, idStr, this.lean),
      comments: this.comments.rows(clock, dealIds, idStr),
      companies: this.clients.companyRows(clock, idStr),
      contacts: this.clients.contactRows(clock, idStr, ref.sourceIds),
    };
  }
}
