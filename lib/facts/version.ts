/**
 * The version of a portal's derived facts (deal_facts_versions): the rules they were derived by, and a data
 * version every derive moves on, under which report results are cached (lib/facts/cache.ts).
 */
import { sql } from "drizzle-orm";
import { type Database, type DbOrTx, queryRows } from "@/db";

/**
 * The derivation rules' version. Raise it when a change re-defines stored facts (2: a CLOSEDATE-only close at the
 * portal's local midnight, cycles never negative; 3: canonical reasons beside the raw ones): the next sync of a portal derived by older rules derives all.
 */
export const FACTS_RULES = 3;

/** Whether the portal's facts were last derived in full by the current rules (else a sync re-derives them all). */
export async function factsRulesCurrent(db: DbOrTx, portalId: number): Promise<boolean> {
  const [row] = await queryRows<{ rules: number }>(
    db,
    sql`select rules from deal_facts_versions where portal_id = ${portalId}`,
  );
  return (row?.rules ?? 0) >= FACTS_RULES;
}

/** After a whole derive: the portal's facts stand by the current rules. */
export async function markFactsRulesCurrent(tx: DbOrTx, portalId: number) {
  await tx.execute(sql`update deal_facts_versions set rules = ${FACTS_RULES} where portal_id = ${portalId}`);
}

/**
 * A new data version of the portal's facts: every report result cached under an older one is dropped on the
 * next request (lib/facts/cache.ts), in this process and in any other serving the same database.
 */
export async function bumpFactsVersion(db: DbOrTx, portalId: number) {
  await db.execute(sql`insert into deal_facts_versions (portal_id, version, derived_at)
    values (${portalId}, 1, now())
    on conflict (portal_id) do update set version = deal_facts_versions.version + 1, derived_at = now()`);
}

/**
 * After a full derive, outside any transaction: the rewritten tables' statistics and visibility map now, not
 * whenever autovacuum comes — the Stages medians read deal_facts_stage_days by an index-only scan, which visits
 * the table for every row on a page not yet marked all-visible.
 */
export async function vacuumFacts(db: Database) {
  await db.execute(
    sql`vacuum (analyze) deal_facts, deal_facts_stage_days, deal_facts_client_order, deal_facts_monthly`,
  );
}
