/**
 * The deal simulation: walks deals in creation order (so deal, company and contact IDs ascend with time),
 * runs each through its pipeline, then derives activities and comments shaped by the manager's persona.
 * History, activities and comments are collected as columns and numbered in time order at the end.
 */
import type { WireRecord } from "../snapshot";
import { money } from "../wire";
import { ActivityColumns } from "./activities";
import { ActivityPlanner } from "./activity-plan";
import { DEAL_TYPES, PRODUCTS } from "./banks";
import { IntColumn, timeOrder } from "./buffers";
import { Clients, NO_WIN } from "./clients";
import { type Clock, MINUTES_PER_DAY } from "./clock";
import { DealFlow, LOST, OPEN, WON } from "./flow";
import type { Manager, People } from "./people";
import { bbCode, HTML_COMMENT, lossComment, neutralComment, SCRIPT_COMMENT } from "./phrases";
import type { Rng } from "./random";
import { REASON, type Reference } from "./reference";
import { creationTimes } from "./timeline";

const DAY = MINUTES_PER_DAY;
const HISTORY_TYPES = ["0", "1", "2", "3", "4", "5"];
const COMPETITORS = ["amoCRM", "АмоЦРМ", "амо", "Мегаплан", "megaplan", "RetailCRM", "1С", "1С:CRM", "Амо"];
const UTM_SOURCES = ["yandex", "google", "vk", "telegram"];
const UTM_MEDIUMS = ["cpc", "cpc", "organic", "email", "social"];
const UTM_CAMPAIGNS = ["crm_autumn", "brand", "retarget", "webinar_demo", "black_friday", null];
/** Theme mix of comments that do not follow the recorded reason: price talk dominates. */
const STRAY_THEMES = [0.4, 0.15, 0.12, 0.13, 0.08, 0.09, 0.03, 0];
const DEAL_TYPE_WEIGHTS = [0.45, 0.2, 0.1, 0.2, 0.05];
const EMPTY_FILES: Readonly<Record<string, never>> = Object.freeze({});

export interface SimulationResult {
  deals: WireRecord[];
  history: WireRecord[];
  activities: WireRecord[];
  comments: WireRecord[];
  companies: WireRecord[];
  contacts: WireRecord[];
}

export class DealSimulator {
  private readonly dealIds: string[] = [];
  private readonly deals: WireRecord[] = [];
  private readonly hTime = new IntColumn(4096);
  private readonly hDeal = new IntColumn(4096);
  private readonly hStage = new IntColumn(4096);
  private readonly hType = new IntColumn(4096);
  private readonly acts = new ActivityColumns();
  private readonly planner: ActivityPlanner;
  private readonly cTime = new IntColumn();
  private readonly cDeal = new IntColumn();
  private readonly cAuthor = new IntColumn();
  private readonly cText: string[] = [];
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
  private lostTimelineComments = 0;
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
    const { rng, clock, ref, clients } = this;
    const now = clock.nowMin;
    let mi = this.pickManager(t0);
    let source = rng.weighted(ref.sourceWeights);
    let client = -1;
    let repeat = false;
    if (clients.size > 0 && rng.chance(0.42)) {
      client = rng.int(0, clients.size - 1);
      if (clients.firstWin.get(client) === NO_WIN && rng.chance(0.4)) client = rng.int(0, clients.size - 1);
      repeat = true;
      const cm = clients.manager.get(client);
      const owner = this.managers[cm]!;
      if (owner.hireMin <= t0 && t0 <= owner.leaveMin && rng.chance(0.7)) mi = cm;
      if (rng.chance(0.5)) source = rng.chance(0.7) ? this.repeatSource : this.partnerSource;
    }
    const mgr = this.managers[mi]!;
    if (!repeat) {
      const r = rng.next();
      const kind = r < 0.74 ? 0 : r < 0.8 ? 1 : r < 0.985 ? 2 : -1;
      if (kind >= 0) client = clients.add(rng, t0, mi, mgr.userId, kind, source);
    }
    const returning = client >= 0 && clients.firstWin.get(client) < t0;
    const repeatedApproach = client >= 0 && !returning && clients.dealCount.get(client) > 0;

    const pw = this.pipelineWeights;
    pw[0] = 0.72;
    pw[1] = 0.16 * mgr.params.bigMul * (returning ? 1.5 : 1);
    if (pw.length > 2) pw[2] = 0.12;
    const startPipeline = ref.pipelines[rng.weighted(pw)]!;

    const lossMul =
      mgr.params.lossMul * (returning ? 0.7 : repeatedApproach ? 0.9 : 1) * this.sourceFactor[source]!;
    const isNewHire = mgr.persona === "newHire";
    const special = rng.next();
    const directFail = special < 0.003;
    const noHistory = special >= 0.003 && special < 0.006;
    const flow = this.flow;
    flow.run(t0, startPipeline, mgr, lossMul, isNewHire && this.newHireClosed >= 8, directFail);
    if (isNewHire && flow.outcome !== OPEN) this.newHireClosed++;

    const assigned = flow.handedTo >= 0 ? this.managers[flow.handedTo]! : mgr;
    const pipeline = flow.pipeline;
    const stage = ref.stages[flow.lastStage]!;
    const closed = flow.outcome !== OPEN;
    if (!noHistory) {
      for (let e = 0; e < flow.evCount; e++) {
        this.hTime.push(flow.evTime[e]!);
        this.hDeal.push(d);
        this.hStage.push(flow.evStage[e]!);
        this.hType.push(flow.evType[e]!);
      }
    }
    const id = String(d + 1);
    this.dealIds.push(id);

    // Activities.
    const lastMove = flow.lastTime;
    this.planner.plan(d, t0, flow, mgr, assigned);
    const lastAct = this.planner.lastAct;
    const lastActBy = this.planner.lastActBy;

    // Comments (deal COMMENTS field and timeline).
    let comments: string | null = null;
    if (flow.outcome === LOST) {
      if (rng.chance(mgr.commentRate)) {
        const theme = rng.chance(0.78) ? flow.reason : rng.weighted(STRAY_THEMES);
        const r = rng.next();
        if (r < 0.55) {
          this.lostTimelineComments++;
          const nth = this.lostTimelineComments;
          const text = nth === 3 ? SCRIPT_COMMENT : nth === 6 ? HTML_COMMENT : lossComment(rng, theme);
          const at = Math.min(now - 1, flow.closeT + rng.int(1, 600));
          this.addComment(d, at, at > flow.switchAt ? assigned.userId : mgr.userId, text);
        }
        if (r >= 0.45) {
          const text = lossComment(rng, theme);
          comments = rng.chance(0.25) ? bbCode(rng, text) : text;
        }
      }
    } else {
      if (rng.chance(0.06)) {
        const at = t0 + Math.floor(rng.next() * Math.max(1, Math.min(now - 1, lastMove + DAY) - t0));
        this.addComment(d, at, assigned.userId, neutralComment(rng));
      }
      if (rng.chance(0.1)) comments = neutralComment(rng);
    }

    // Loss reason user fields.
    let reasonValue = "";
    let competitor = "";
    if (flow.outcome === LOST) {
      const option = ref.reasonOptionIds[flow.reason]!;
      const p = pipeline.failByReason ? 0.04 : directFail ? 0.3 : 0.8;
      if (rng.chance(p)) reasonValue = option;
      if (flow.reason === REASON.competitor && rng.chance(0.45)) competitor = rng.pick(COMPETITORS);
    }

    // Amount.
    let amount = rng.logNormal(150_000, 0.95) * startPipeline.amountMul * mgr.params.amountMul;
    amount = Math.max(
      1000,
      amount < 100_000 ? Math.round(amount / 500) * 500 : Math.round(amount / 1000) * 1000,
    );
    const cr = rng.next() * (pipeline.id === 0 ? 1 : 0.5);
    const currency = cr < 0.03 ? "USD" : cr < 0.045 ? "EUR" : "RUB";
    let opportunity: string;
    let accountAmount: string;
    let manual = "Y";
    if (rng.chance(0.015)) {
      opportunity = "0.00";
      accountAmount = opportunity;
      manual = "N";
    } else if (currency === "RUB") {
      opportunity = this.rub(amount);
      accountAmount = opportunity;
    } else {
      const rate = ref.rates[currency]!;
      const foreign = Math.max(10, Math.round(amount / rate / 10) * 10);
      opportunity = money(foreign);
      accountAmount = money(foreign * rate);
    }

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
    const sourceId = ref.sourceIds[source]!;
    const web = sourceId === "WEB" || sourceId === "ADVERTISING" || sourceId === "WEBFORM";
    const utm = web && rng.chance(0.7);
    const leadLike = web || sourceId === "CALLBACK";
    let leadId: string | null = null;
    if (leadLike && rng.chance(0.6)) {
      this.leadId += rng.int(1, 4);
      leadId = String(this.leadId);
    }
    const modified = Math.min(
      now - 1,
      lastMove + (comments !== null || rng.chance(0.3) ? rng.int(0, 3 * DAY) : 0),
    );
    const mover = lastMove > flow.switchAt ? assigned.idStr : mgr.idStr;
    const lastActivity = lastAct >= 0 ? lastAct : t0;
    const isNew = !closed && stage === pipeline.process[0];

    this.deals.push({
      ID: id,
      TITLE: title,
      TYPE_ID: DEAL_TYPES[rng.weighted(DEAL_TYPE_WEIGHTS)]![0],
      CATEGORY_ID: stage.categoryStr,
      STAGE_ID: stage.statusId,
      STAGE_SEMANTIC_ID: stage.semantic,
      IS_NEW: isNew ? "Y" : "N",
      IS_RECURRING: "N",
      IS_RETURN_CUSTOMER: returning ? "Y" : "N",
      IS_REPEATED_APPROACH: repeatedApproach ? "Y" : "N",
      PROBABILITY: rng.chance(0.25) ? probability(stage.semantic, stage.sort) : null,
      CURRENCY_ID: currency,
      OPPORTUNITY: opportunity,
      IS_MANUAL_OPPORTUNITY: manual,
      TAX_VALUE: "0.00",
      LEAD_ID: leadId,
      COMPANY_ID: company ? clients.companyIdStr(company) : rng.chance(0.5) ? null : "0",
      CONTACT_ID: contact ? clients.contactIdStr(contact) : null,
      QUOTE_ID: null,
      BEGINDATE: clock.date(t0),
      CLOSEDATE: clock.date(closed ? flow.closeT : t0 + rng.int(7, 60) * DAY),
      ASSIGNED_BY_ID: assigned.idStr,
      CREATED_BY_ID: rng.chance(0.1) ? this.people.idStr(rng.pick(this.people.bosses)) : mgr.idStr,
      MODIFY_BY_ID: mover,
      MOVED_BY_ID: mover,
      DATE_CREATE: clock.dt(t0),
      DATE_MODIFY: clock.dt(Math.max(t0, modified)),
      MOVED_TIME: clock.dt(lastMove),
      OPENED: "Y",
      CLOSED: closed ? "Y" : "N",
      COMMENTS: comments,
      ADDITIONAL_INFO: null,
      LOCATION_ID: null,
      SOURCE_ID: sourceId,
      SOURCE_DESCRIPTION: sourceId === "WEBFORM" ? "Форма «Заявка на демо»" : null,
      ORIGINATOR_ID: null,
      ORIGIN_ID: null,
      UTM_SOURCE: utm ? rng.pick(UTM_SOURCES) : null,
      UTM_MEDIUM: utm ? rng.pick(UTM_MEDIUMS) : null,
      UTM_CAMPAIGN: utm ? rng.pick(UTM_CAMPAIGNS) : null,
      UTM_CONTENT: null,
      UTM_TERM: null,
      LAST_ACTIVITY_TIME: clock.dt(lastActivity),
      LAST_ACTIVITY_BY: this.people.idStr(lastActBy),
      OPPORTUNITY_ACCOUNT: accountAmount,
      ACCOUNT_CURRENCY_ID: "RUB",
      [ref.reasonField]: reasonValue,
      [ref.competitorField]: competitor,
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

  private addComment(d: number, at: number, author: number, text: string): void {
    this.cTime.push(at);
    this.cDeal.push(d);
    this.cAuthor.push(author);
    this.cText.push(text);
  }

  private finish(): SimulationResult {
    const { clock, ref, dealIds } = this;
    const idStr = this.people.idStr;
    const order = timeOrder(this.hTime, clock.base);
    const history: WireRecord[] = new Array(order.length);
    for (let k = 0; k < order.length; k++) {
      const i = order[k]!;
      const stage = ref.stages[this.hStage.get(i)]!;
      history[k] = {
        ID: String(k + 1),
        TYPE_ID: HISTORY_TYPES[this.hType.get(i)]!,
        OWNER_ID: dealIds[this.hDeal.get(i)]!,
        CREATED_TIME: clock.dt(this.hTime.get(i)),
        CATEGORY_ID: stage.categoryStr,
        STAGE_SEMANTIC_ID: stage.semantic,
        STAGE_ID: stage.statusId,
      };
    }
    const corder = timeOrder(this.cTime, clock.base);
    const comments: WireRecord[] = new Array(corder.length);
    for (let k = 0; k < corder.length; k++) {
      const i = corder[k]!;
      comments[k] = {
        ID: String(k + 1),
        ENTITY_ID: dealIds[this.cDeal.get(i)]!,
        ENTITY_TYPE: "deal",
        CREATED: clock.dt(this.cTime.get(i)),
        COMMENT: this.cText[i]!,
        AUTHOR_ID: idStr(this.cAuthor.get(i)),
        FILES: EMPTY_FILES,
      };
    }
    return {
      deals: this.deals,
      history,
      activities: this.acts.rows(clock, clock.base, dealIds, idStr, this.lean),
      comments,
      companies: this.clients.companyRows(clock, idStr),
      contacts: this.clients.contactRows(clock, idStr, ref.sourceIds),
    };
  }
}

function probability(semantic: string, sort: number): string {
  if (semantic === "S") return "100";
  if (semantic === "F") return "0";
  return String(Math.min(90, sort + 10));
}
