/** Shared by tests/hostile/sync-*.test.ts: exact counts on both sides, fast client settings, a seeded PRNG. */

import { sql } from "drizzle-orm";
import { queryRows } from "@/db";
import type { EmulatorHandle } from "@/emulator/server";
import { hostileSeed, prng } from "../helpers/seeded";
import type { TestDb } from "../helpers/test-db";

process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret";

/** Short backoffs and no client pacing: the emulator's own limits and faults are what the run meets. */
export const FAST_CLIENT = {
  baseDelayMs: 5,
  maxDelayMs: 40,
  maxRetries: 25,
  maxOperatingWaitMs: 3_000,
  limits: { burst: 10_000, drainPerSec: 10_000 },
};

export type Counts = Record<
  "deals" | "history" | "activities" | "companies" | "contacts" | "comments" | "users" | "stages",
  number
>;

export async function dbCounts(t: TestDb, portalId: number): Promise<Counts> {
  const [row] = await queryRows<Counts>(
    t.db,
    sql`select
      (select count(*)::int from deals where portal_id = ${portalId}) as deals,
      (select count(*)::int from stage_history where portal_id = ${portalId}) as history,
      (select count(*)::int from activities where portal_id = ${portalId}) as activities,
      (select count(*)::int from companies where portal_id = ${portalId}) as companies,
      (select count(*)::int from contacts where portal_id = ${portalId}) as contacts,
      (select count(*)::int from comments where portal_id = ${portalId} and source = 'timeline') as comments,
      (select count(*)::int from b24_users where portal_id = ${portalId}) as users,
      (select count(*)::int from stages where portal_id = ${portalId}) as stages`,
  );
  return row!;
}

/** What a complete copy holds, counted from the emulator's live state: comments are those of lost deals. */
export function emulatorCounts(emu: EmulatorHandle): Counts {
  const t = emu.state.tables;
  const lost = new Set(
    emu.state.deals.rows.filter((d) => d.STAGE_SEMANTIC_ID === "F").map((d) => String(d.ID)),
  );
  const stageEntity = /^DEAL_STAGE(_\d+)?$/;
  return {
    deals: emu.state.deals.size,
    history: t["crm.stagehistory.list"].size,
    activities: t["crm.activity.list"].rows.filter((a) => String(a.OWNER_TYPE_ID) === "2").length,
    companies: t["crm.company.list"].size,
    contacts: t["crm.contact.list"].size,
    comments: t["crm.timeline.comment.list"].rows.filter((c) => lost.has(String(c.ENTITY_ID))).length,
    users: t["user.get"].size,
    stages: t["crm.status.list"].rows.filter((s) => stageEntity.test(String(s.ENTITY_ID))).length,
  };
}

/** A seeded sequence for picking cases; the seed is printed so a failure can be replayed. */
export function seededRandom(label: string): { seed: number; next: () => number } {
  const seed = hostileSeed(label);
  return { seed, next: prng(seed) };
}
