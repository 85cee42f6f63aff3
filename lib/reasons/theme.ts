/**
 * The theme a canonical reason is about (loss_reasons.theme_id), guessed when a reason is created: the first
 * theme, in the admin's order, the portal's theme tagger (lib/themes/tagger — the one that tags comments) finds
 * in the reason's name — «Дорого» → price, «Ушли к конкуренту» / «Выбрали конкурента» or a named competitor →
 * competitor, «Нет бюджета» → budget, «Не дозвонились» → no response, «ЛПР отказал» → decision-maker — else none
 * («Другое»). The theme is what tells a comment contradicting the reason (lib/reasons/capture.ts); admins
 * change it in the reason dictionary, and a reason that already has one is never touched here.
 */
import { sql } from "drizzle-orm";
import { type DbOrTx, intArray, queryRows } from "@/db";
import { ensureThemes, portalTagger } from "@/lib/themes/tagging";

/** Sets the theme of these reasons that have none yet; returns how many got one. */
export async function assignReasonThemes(
  tx: DbOrTx,
  portalId: number,
  reasonIds: readonly number[],
): Promise<number> {
  if (reasonIds.length === 0) return 0;
  // Reasons are created by the first derive, before the comments are tagged (which seeds the themes).
  await ensureThemes(tx, portalId);
  const reasons = await queryRows<{ id: number; name: string }>(
    tx,
    sql`select id, name from loss_reasons
      where portal_id = ${portalId} and id = any(${intArray(reasonIds)}::int[]) and theme_id is null`,
  );
  if (reasons.length === 0) return 0;
  const tagger = await portalTagger(tx, portalId);
  let assigned = 0;
  for (const r of reasons) {
    const key = tagger.tag(r.name).themes[0]?.key;
    const themeId = key === undefined ? undefined : tagger.themeIdByKey.get(key);
    if (themeId === undefined) continue;
    await tx.execute(sql`update loss_reasons set theme_id = ${themeId}, updated_at = now()
      where portal_id = ${portalId} and id = ${r.id} and theme_id is null`);
    assigned += 1;
  }
  return assigned;
}
