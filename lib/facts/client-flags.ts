/** The client-level columns of deal_facts (returning client, prior win, the relationship's span) for a partial run. */
import { sql } from "drizzle-orm";
import { type DbOrTx, intArray, queryRows, textArray } from "@/db";

/** Client keys of the deals' facts. */
export async function clientsOf(tx: DbOrTx, portalId: number, dealIds: number[]): Promise<string[]> {
  const rows = await queryRows<{ k: string }>(
    tx,
    sql`select distinct client_key as k from deal_facts
      where portal_id = ${portalId} and deal_id = any(${intArray(dealIds)}::int[]) and client_key is not null`,
  );
  return rows.map((r) => r.k);
}

/**
 * Returning client, prior win and the client's whole relationship span depend on the client's other deals, so
 * refresh every deal of a touched client — writing only the rows whose values change. A full run writes the
 * same columns with the facts, by the same definitions (deal-facts.ts).
 */
export async function deriveClientFlags(
  tx: DbOrTx,
  portalId: number,
  scope: { clientKeys: string[]; dealIds: number[] } | null,
) {
  // The run's own deals too: one that lost its client has its flags cleared. Both arrays are indexed lookups.
  const touched =
    scope === null
      ? sql`true`
      : sql`(g.client_key = any(${textArray(scope.clientKeys)}::text[]) or g.deal_id = any(${intArray(scope.dealIds)}::int[]))`;
  await tx.execute(sql`
    update deal_facts f set is_returning_client = n.returning, had_prior_win = n.prior_win,
      client_first_at = n.first_at, client_last_at = n.last_at
    from (
      select g.deal_id,
        g.client_key is not null and exists (
          select 1 from deal_facts o where o.portal_id = g.portal_id and o.client_key = g.client_key
            and (o.created_at, o.deal_id) < (g.created_at, g.deal_id)) as returning,
        g.outcome = 'lost' and g.client_key is not null and exists (
          select 1 from deal_facts w where w.portal_id = g.portal_id and w.client_key = g.client_key
            and w.outcome = 'won' and w.closed_at < g.loss_date) as prior_win,
        -- Relationship: first deal creation or activity → latest deal close (else creation) or activity.
        case when g.client_key is not null then
          min(least(g.created_at, g.first_activity_at)) over (partition by g.client_key) end as first_at,
        case when g.client_key is not null then
          max(greatest(coalesce(g.closed_at, g.created_at), g.last_activity_at)) over (partition by g.client_key) end as last_at
      from deal_facts g where g.portal_id = ${portalId} and ${touched}
    ) n
    where f.portal_id = ${portalId} and f.deal_id = n.deal_id
      and (f.is_returning_client, f.had_prior_win, f.client_first_at, f.client_last_at)
        is distinct from (n.returning, n.prior_win, n.first_at, n.last_at)`);
}
