/** A simulated deal as a crm.deal.list row. The draws left here come last for each deal, in field order. */
import type { WireRecord } from "../snapshot";
import { DEAL_TYPES } from "./banks";
import { type Clock, MINUTES_PER_DAY } from "./clock";
import type { People } from "./people";
import type { Rng } from "./random";
import type { StageDef } from "./reference";

const UTM_SOURCES = ["yandex", "google", "vk", "telegram"];
const UTM_MEDIUMS = ["cpc", "cpc", "organic", "email", "social"];
const UTM_CAMPAIGNS = ["crm_autumn", "brand", "retarget", "webinar_demo", "black_friday", null];
const DEAL_TYPE_WEIGHTS = [0.45, 0.2, 0.1, 0.2, 0.05];

/** What the simulation decided about one deal. */
export interface DealFacts {
  id: string;
  title: string;
  stage: StageDef;
  isNew: boolean;
  returning: boolean;
  repeatedApproach: boolean;
  currency: string;
  opportunity: string;
  manual: string;
  accountAmount: string;
  leadId: string | null;
  /** Null: the deal has no company (the row then says null or "0", as portals do). */
  companyId: string | null;
  contactId: string | null;
  created: number;
  closed: boolean;
  closeT: number;
  assignedId: string;
  /** The manager who created the deal, unless a boss did it for them. */
  creatorId: string;
  mover: string;
  modified: number;
  lastMove: number;
  comments: string | null;
  sourceId: string;
  utm: boolean;
  lastActivity: number;
  lastActBy: number;
  reasonField: string;
  reasonValue: string;
  competitorField: string;
  competitor: string;
}

export function dealRow(rng: Rng, clock: Clock, people: People, f: DealFacts): WireRecord {
  const { stage, created: t0 } = f;
  return {
    ID: f.id,
    TITLE: f.title,
    TYPE_ID: DEAL_TYPES[rng.weighted(DEAL_TYPE_WEIGHTS)]![0],
    CATEGORY_ID: stage.categoryStr,
    STAGE_ID: stage.statusId,
    STAGE_SEMANTIC_ID: stage.semantic,
    IS_NEW: f.isNew ? "Y" : "N",
    IS_RECURRING: "N",
    IS_RETURN_CUSTOMER: f.returning ? "Y" : "N",
    IS_REPEATED_APPROACH: f.repeatedApproach ? "Y" : "N",
    PROBABILITY: rng.chance(0.25) ? probability(stage.semantic, stage.sort) : null,
    CURRENCY_ID: f.currency,
    OPPORTUNITY: f.opportunity,
    IS_MANUAL_OPPORTUNITY: f.manual,
    TAX_VALUE: "0.00",
    LEAD_ID: f.leadId,
    COMPANY_ID: f.companyId ?? (rng.chance(0.5) ? null : "0"),
    CONTACT_ID: f.contactId,
    QUOTE_ID: null,
    BEGINDATE: clock.date(t0),
    CLOSEDATE: clock.date(f.closed ? f.closeT : t0 + rng.int(7, 60) * MINUTES_PER_DAY),
    ASSIGNED_BY_ID: f.assignedId,
    CREATED_BY_ID: rng.chance(0.1) ? people.idStr(rng.pick(people.bosses)) : f.creatorId,
    MODIFY_BY_ID: f.mover,
    MOVED_BY_ID: f.mover,
    DATE_CREATE: clock.dt(t0),
    DATE_MODIFY: clock.dt(Math.max(t0, f.modified)),
    MOVED_TIME: clock.dt(f.lastMove),
    OPENED: "Y",
    CLOSED: f.closed ? "Y" : "N",
    COMMENTS: f.comments,
    ADDITIONAL_INFO: null,
    LOCATION_ID: null,
    SOURCE_ID: f.sourceId,
    SOURCE_DESCRIPTION: f.sourceId === "WEBFORM" ? "Форма «Заявка на демо»" : null,
    ORIGINATOR_ID: null,
    ORIGIN_ID: null,
    UTM_SOURCE: f.utm ? rng.pick(UTM_SOURCES) : null,
    UTM_MEDIUM: f.utm ? rng.pick(UTM_MEDIUMS) : null,
    UTM_CAMPAIGN: f.utm ? rng.pick(UTM_CAMPAIGNS) : null,
    UTM_CONTENT: null,
    UTM_TERM: null,
    LAST_ACTIVITY_TIME: clock.dt(f.lastActivity),
    LAST_ACTIVITY_BY: people.idStr(f.lastActBy),
    OPPORTUNITY_ACCOUNT: f.accountAmount,
    ACCOUNT_CURRENCY_ID: "RUB",
    [f.reasonField]: f.reasonValue,
    [f.competitorField]: f.competitor,
  };
}

function probability(semantic: string, sort: number): string {
  if (semantic === "S") return "100";
  if (semantic === "F") return "0";
  return String(Math.min(90, sort + 10));
}
