/**
 * Deletions: Bitrix24 does not retry events, so a missed ONCRMDEALDELETE would leave a ghost deal forever.
 * Reconciliation lists just the IDs (2,500 per request) and removes local rows the portal no longer has.
 */
import { sql } from "drizzle-orm";
import type { Database } from "@/db";
import { intArray, queryRows } from "@/db";
import type { Bitrix24Client } from "@/lib/bitrix24/client";
import { listById } from "@/lib/bitrix24/list";
import { invalidateMonthlyFacts } from "@/lib/facts/monthly";
import { bumpFactsVersion } from "@/lib/facts/version";

const TARGETS = [
  { method: "crm.deal.list", table: "deals" },
  { method: "crm.company.list", table: "companies" },
  { method: "crm.contact.list", table: "contacts" },
] as const;

export async function reconcileDeletions(
  db: Database,
  client: Bitrix24Client,
  portalId: number,
): Promise<Record<string, number>> {
  const removed: Record<string, number> = {};
  for (const target of TARGETS) {
    const ids: number[] = [];
    for await (const page of listById(client, { method: target.method, params: { select: ["ID"] } })) {
      for (const row of page.rows) ids.push(Number(row.ID));
    }
    const gone = await queryRows<{ id: number }>(
      db,
      sql`select bitrix_id as id from ${sql.identifier(target.table)}
          where portal_id = ${portalId} and not (bitrix_id = any(${intArray(ids)}::int[]))`,
    );
    removed[target.table] = gone.length;
    if (gone.length === 0) continue;
    const goneIds = intArray(gone.map((g) => g.id));
    await db.transaction(async (tx) => {
      await tx.execute(
        sql`delete from ${sql.identifier(target.table)} where portal_id = ${portalId} and bitrix_id = any(${goneIds}::int[])`,
      );
      if (target.table === "deals") {
        for (const [table, column] of [
          ["stage_history", "deal_id"],
          ["comments", "deal_id"],
          ["deal_facts", "deal_id"],
          ["deal_stage_spans", "deal_id"],
        ] as const) {
          await tx.execute(
            sql`delete from ${sql.identifier(table)} where portal_id = ${portalId} and ${sql.identifier(column)} = any(${goneIds}::int[])`,
          );
        }
        await tx.execute(
          sql`delete from activities where portal_id = ${portalId} and owner_type_id = 2 and owner_id = any(${goneIds}::int[])`,
        );
        // Reports read deal_facts, not the stale monthly aggregate, until the next deriveFacts rebuilds it.
        await invalidateMonthlyFacts(tx, portalId);
        // And cached report results computed with the deleted deal are dropped: the data version moves on.
        await bumpFactsVersion(tx, portalId);
      }
    });
  }
  return removed;
}
