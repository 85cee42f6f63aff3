/**
 * Hand corrections of comment themes (comment_theme_overrides): a director or admin removed a theme the tagger
 * gave, or added one it missed. Applied last in every tagging (lib/themes/tagging.ts), so they outlive syncs and
 * re-tagging; a correction of a theme that is disabled has no effect while it stays disabled.
 */
import { sql } from "drizzle-orm";
import { type DbOrTx, intArray } from "@/db";

/** Makes the portal's comment_themes (of these deals; null = all) agree with the hand corrections. */
export async function applyThemeOverrides(tx: DbOrTx, portalId: number, dealIds: readonly number[] | null) {
  const scope = dealIds === null ? sql`true` : sql`o.deal_id = any(${intArray(dealIds)}::int[])`;
  await tx.execute(sql`
    delete from comment_themes ct using comment_theme_overrides o
    where o.portal_id = ${portalId} and o.action = 'remove' and ${scope}
      and ct.portal_id = o.portal_id and ct.comment_source = o.comment_source
      and ct.comment_bitrix_id = o.comment_bitrix_id and ct.theme_id = o.theme_id`);
  // Only onto comments that still exist (the override has no foreign key to them).
  await tx.execute(sql`
    insert into comment_themes (portal_id, comment_source, comment_bitrix_id, theme_id, deal_id, evidence)
    select o.portal_id, o.comment_source, o.comment_bitrix_id, o.theme_id, c.deal_id, null
    from comment_theme_overrides o
    join comments c on c.portal_id = o.portal_id and c.source = o.comment_source and c.bitrix_id = o.comment_bitrix_id
    join themes t on t.portal_id = o.portal_id and t.id = o.theme_id and t.enabled
    where o.portal_id = ${portalId} and o.action = 'add' and ${scope}
    on conflict (portal_id, comment_source, comment_bitrix_id, theme_id) do update set evidence = null`);
}
