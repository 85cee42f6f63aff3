/**
 * The narrow `comment_search` table (migration 0007) the comment browser searches: each comment's search vector
 * with the deal columns the browser filters on most (manager, outcome, loss date) and its author and date.
 * Refreshed where tagging runs (lib/themes/tagging.ts), i.e. after every sync for the synced deals — a deal whose
 * manager, outcome or loss date changes was modified, so it is among them — and for every comment after a theme
 * edit. Only rows whose values changed are written. deal_facts stays the authority: the search joins it with the
 * full filter, so a stale row could only be missed, never shown outside the viewer's scope.
 */
import { type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { intArray } from "@/lib/facts/where";

export async function refreshCommentSearch(db: DbOrTx, portalId: number, dealIds: readonly number[] | null) {
  const scope: SQL = dealIds === null ? sql`true` : sql`c.deal_id = any(${intArray(dealIds)}::int[])`;
  await db.execute(sql`
    insert into comment_search (portal_id, source, bitrix_id, deal_id, author_id, manager_id, outcome, loss_date,
      created_at, search)
    select c.portal_id, c.source, c.bitrix_id, c.deal_id, c.author_id, f.manager_id, f.outcome, f.loss_date,
      c.created_at, c.search
    from comments c
    left join deal_facts f on f.portal_id = c.portal_id and f.deal_id = c.deal_id
    where c.portal_id = ${portalId} and ${scope}
    -- Newest first, so a first fill lays rows out in the order the newest-first index walks them.
    order by c.created_at desc nulls last, c.deal_id desc, c.source desc, c.bitrix_id desc
    on conflict (portal_id, source, bitrix_id) do update set deal_id = excluded.deal_id,
      author_id = excluded.author_id, manager_id = excluded.manager_id, outcome = excluded.outcome,
      loss_date = excluded.loss_date, created_at = excluded.created_at, search = excluded.search
    where (comment_search.deal_id, comment_search.author_id, comment_search.manager_id, comment_search.outcome,
        comment_search.loss_date, comment_search.created_at, comment_search.search)
      is distinct from (excluded.deal_id, excluded.author_id, excluded.manager_id, excluded.outcome,
        excluded.loss_date, excluded.created_at, excluded.search)`);
}
