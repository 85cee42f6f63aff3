/** deal_facts_client_order (db/schema/facts.ts): every client's closed deals in their order of closing. */
import { type SQL, sql } from "drizzle-orm";
import { type DbOrTx, textArray } from "@/db";
import { replaceRows } from "./replace";

// biome-ignore format: a column list
const COLS = ["portal_id", "deal_id", "client_key", "outcome", "closed_at", "is_client_first", "client_won_deals",
  "client_lost_deals", "prev_closed_at", "prev_won_at", "prev_lost_at", "next_won_at", "next_lost_at",
  "relationship_days", "cycle_days", "activity_count", "completed_activity_count"];

/** Every closed deal of these clients, in their order of closing (deals without a close date last). */
const clientOrderSql = (portalId: number, clients: SQL) => sql`
    select portal_id, deal_id, client_key, outcome, closed_at, row_number() over w = 1 as is_client_first,
      (count(*) filter (where outcome = 'won') over c)::int as client_won_deals,
      (count(*) filter (where outcome = 'lost') over c)::int as client_lost_deals,
      lag(closed_at) over w as prev_closed_at,
      max(closed_at) filter (where outcome = 'won') over (w rows between unbounded preceding and 1 preceding) as prev_won_at,
      max(closed_at) filter (where outcome = 'lost') over (w rows between unbounded preceding and 1 preceding) as prev_lost_at,
      min(closed_at) filter (where outcome = 'won') over (w rows between 1 following and unbounded following) as next_won_at,
      min(closed_at) filter (where outcome = 'lost') over (w rows between 1 following and unbounded following) as next_lost_at,
      -- The Clients report's relationship length, by the same expression (lib/analytics/clients.ts).
      (extract(epoch from client_last_at - client_first_at) / 86400)::float8 as relationship_days,
      cycle_days, activity_count, completed_activity_count
    from deal_facts
    where portal_id = ${portalId} and outcome in ('won', 'lost') and client_key is not null and ${clients}
    window w as (partition by client_key order by closed_at, deal_id), c as (partition by client_key)`;

/** For the whole portal (only the rows that changed are written), or for these clients (theirs rewritten). */
export async function rebuildClientOrder(tx: DbOrTx, portalId: number, clientKeys: string[] | null) {
  if (clientKeys === null) {
    await replaceRows(tx, portalId, {
      table: "deal_facts_client_order",
      cols: COLS,
      rows: clientOrderSql(portalId, sql`true`),
      match: ["deal_id"],
      key: ["deal_id"],
    });
    return;
  }
  if (clientKeys.length === 0) return;
  const clients = sql`client_key = any(${textArray(clientKeys)}::text[])`;
  await tx.execute(sql`delete from deal_facts_client_order where portal_id = ${portalId} and ${clients}`);
  await tx.execute(
    sql`insert into deal_facts_client_order (${sql.raw(COLS.join(", "))}) ${clientOrderSql(portalId, clients)}`,
  );
}
