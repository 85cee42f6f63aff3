/**
 * Synthetic Bitrix24 portal generator: a deterministic (by seed) two-year history of a Russian B2B sales team
 * — managers with volume/depth personas, pipelines with reason-named failure stages and a loss-reason user
 * field, repeat clients, stage history, activities and comments — as a PortalSnapshot the emulator serves.
 * Modules live in emulator/generator/; the CLI is emulator/generate.ts.
 */

import { Clock } from "./generator/clock";
import { DealSimulator } from "./generator/deals";
import { buildPeople, type Persona } from "./generator/people";
import { mixSeed, Rng } from "./generator/random";
import type { PortalSnapshot } from "./snapshot";
import { emptyLists } from "./snapshot";

export { ACTIVITY_LEAN_DEFAULTS } from "./generator/activities";

import { buildReference } from "./generator/reference";

export interface GenerateOptions {
  seed: number;
  deals: number;
  /** Frozen "now" (ISO); the data covers the two years before it. */
  now?: string;
  /**
   * Leave out activity fields that are constant in generated data (ACTIVITY_LEAN_DEFAULTS) — for very large
   * portals held in memory. Default false: rows carry every §9.2 field.
   */
  lean?: boolean;
}

/** What the generator put in on purpose — for tests and demos that check the dashboards tell the story. */
export interface GeneratedTruth {
  /** Persona per manager user id ("volume" | "depth" | "balanced" | "newHire"). */
  personas: Record<string, Persona>;
  newHireUserId: string;
  dismissedUserId: string;
  /** Loses disproportionately on price. */
  priceBiasedUserId: string;
  /** Leaves many lost deals without a comment. */
  silentUserId: string;
  /** Enumeration UF "Причина отказа" and string UF "Конкурент". */
  reasonField: string;
  competitorField: string;
}

export const DEFAULT_NOW = "2026-11-01T12:00:00+03:00";
export const PORTAL_OFFSET = "+03:00";
const WINDOW_DAYS = 730;
const ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";

export function generatePortalWithTruth(opts: GenerateOptions): {
  snapshot: PortalSnapshot;
  truth: GeneratedTruth;
} {
  const seed = opts.seed >>> 0;
  const count = Math.max(0, Math.floor(opts.deals));
  const now = opts.now ?? DEFAULT_NOW;
  const clock = new Clock(now, PORTAL_OFFSET, WINDOW_DAYS);
  const domain = "demo-losslens.bitrix24.ru";

  const metaRng = new Rng(mixSeed(seed, 0));
  const ref = buildReference(new Rng(mixSeed(seed, 1)), count >= 500, clock.dt(clock.nowMin - 180));
  const people = buildPeople(new Rng(mixSeed(seed, 2)), clock, count, domain);
  const sim = new DealSimulator(new Rng(mixSeed(seed, 3)), clock, ref, people, opts.lean === true).run(count);

  const lists = emptyLists();
  lists["crm.deal.list"] = sim.deals;
  lists["crm.status.list"] = ref.statusRows;
  lists["crm.category.list"] = ref.categoryRows;
  lists["crm.stagehistory.list"] = sim.history;
  lists["crm.deal.userfield.list"] = ref.userFieldRows;
  lists["crm.timeline.comment.list"] = sim.comments;
  lists["crm.activity.list"] = sim.activities;
  lists["crm.company.list"] = sim.companies;
  lists["crm.contact.list"] = sim.contacts;
  lists["crm.currency.list"] = ref.currencyRows;
  lists["user.get"] = people.userRows;
  lists["department.get"] = people.departmentRows;

  const snapshot: PortalSnapshot = {
    portal: {
      domain,
      timezoneOffset: PORTAL_OFFSET,
      baseCurrency: "RUB",
      webhookUserId: 1,
      webhookSecret: metaRng.token(16, ALNUM),
      scopes: ["crm", "user", "department"],
      plan: "professional",
      memberId: metaRng.token(32, "0123456789abcdef"),
      applicationToken: metaRng.token(32, "0123456789abcdef"),
      now,
    },
    lists,
  };

  const managers = people.managers;
  const personas: Record<string, Persona> = {};
  for (const m of managers) personas[m.idStr] = m.persona;
  const truth: GeneratedTruth = {
    personas,
    newHireUserId: managers[managers.length - 1]!.idStr,
    dismissedUserId: managers.find((m) => Number.isFinite(m.leaveMin))!.idStr,
    priceBiasedUserId: managers.find((m) => m.priceBias)!.idStr,
    silentUserId: managers.find((m) => m.commentRate < 0.7)!.idStr,
    reasonField: ref.reasonField,
    competitorField: ref.competitorField,
  };
  return { snapshot, truth };
}

export function generatePortal(opts: GenerateOptions): PortalSnapshot {
  return generatePortalWithTruth(opts).snapshot;
}
