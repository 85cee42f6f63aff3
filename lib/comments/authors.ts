/** Who wrote comments on the deals in the viewer's scope (the author picker); a manager sees only their deals'. */
import { sql } from "drizzle-orm";
import { type Database, queryRows } from "@/db";
import type { DataScope } from "@/lib/analytics/scope";
import { scopeSql } from "@/lib/facts/where";

export async function getCommentAuthors(
  db: Database,
  scope: DataScope,
): Promise<{ id: number; name: string }[]> {
  return queryRows<{ id: number; name: string }>(
    db,
    sql`select a.author_id as id,
        coalesce((select nullif(trim(concat_ws(' ', u.name, u.last_name)), '') from b24_users u
          where u.portal_id = ${scope.portalId} and u.bitrix_id = a.author_id), '#' || a.author_id) as name
      from (select distinct c.author_id from comments c
        join deal_facts f on f.portal_id = c.portal_id and f.deal_id = c.deal_id
        where ${scopeSql(scope)} and c.author_id is not null) a
      order by 2`,
  );
}
