/** deal_facts_client_order (db/schema/facts.ts): every client's closed deals in their order of closing. */
import { sql } from "drizzle-orm";
import { type DbOrTx, textArray } from "@/db";

/**
 * For the whole portal, or for these clients: every closed deal of theirs, in their order of closing (deals
 * without a close date last).
 */
export async function rebuildClientOrder(tx: DbOrTx, portalId: number, clientKeys: string[] | null) {
  if (clientKeys?.length === 0) return;
  const clients = clientKeys === null ? sql`true` : sql`client_key = any(${textArray(clientKeys)}::text[])`;
  await tx.execute(sql`delete from deal_facts_client_order where portal_id = ${portalId} and ${clients}`);
  await tx.execute(sql`
    insert into deal_facts_client_order (portal_id, deal_id, client_key, outcome, closed_at, is_client_first,
      client_won_deals, client_lost_deals, prev_closed_at, prev_won_at, prev_lost_at, next_won_at, next_lost_at,
      relationship_days, cycle_days, activity_count, completed_activity_count)
    select portal_id, deal_id, client_key, outcome, closed_at, row_number() over w = 1,
      count(*) filter (where outcome = 'won') over c, count(*) filter (where outcome = 'lost') over c,
      lag(closed_at) over w,
      max(closed_at) filter (where outcome = 'won') over (w rows between unbounded preceding and 1 preceding),
      max(closed_at) filter (where outcome = 'lost') over (w rows between unbounded preceding and 1 preceding),
      min(closed_at) filter (where outcome = 'won') over (w rows between 1 following and unbounded following),
      min(closed_at) filter (where outcome = 'lost') over (w rows between 1 following and unbounded following),
      -- The Clients report's relationship length, by the same expression (lib/analytics/clients.ts).
      (extract(epoch from client_last_at - client_first_at) / 86400)::float8,
      cycle_days, activity_count, completed_activity_count
    from deal_facts
    where portal_id = ${portalId} and outcome in ('won', 'lost') and client_key is not null and ${clients}
    window w as (partition by client_key order by closed_at, deal_id), c as (partition by client_key)`);
}
