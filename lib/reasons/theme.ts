/**
 * The theme a canonical reason is about (loss_reasons.theme_id), guessed when LossLens creates the reason: the
 * first theme, in the admin's order, whose keywords match the reason's name on Russian stems — «Дорого» → price,
 * «Ушли к конкуренту» / «Выбрали конкурента» → competitor, «Нет бюджета» → budget, «Не выходит на связь» →
 * no response — else competitor when the name names a known competitor («Ушли в amoCRM»), else none
 * («Другое»). The theme is what tells a comment contradicting the reason (lib/reasons/capture.ts); admins
 * change it in the reason dictionary, and a reason that already has one is never touched here.
 */
import { sql } from "drizzle-orm";
import { type DbOrTx, intArray, queryRows } from "@/db";
import { keywordsQuery } from "@/lib/themes/keywords";
import { COMPETITOR_THEME_KEY } from "@/lib/themes/lexicon";
import { ensureThemes } from "@/lib/themes/tagging";

/** Sets the theme of these reasons that have none yet; returns how many got one. */
export async function assignReasonThemes(
  tx: DbOrTx,
  portalId: number,
  reasonIds: readonly number[],
): Promise<number> {
  if (reasonIds.length === 0) return 0;
  // Reasons are created by the first derive, before the comments are tagged (which seeds the themes).
  await ensureThemes(tx, portalId);
  const themes = await queryRows<{ id: number; key: string; keywords: string[] }>(
    tx,
    sql`select id, key, keywords from themes where portal_id = ${portalId} and enabled order by sort, id`,
  );
  const competitorNames = await queryRows<{ name: string; variants: string[] }>(
    tx,
    sql`select name, variants from competitors where portal_id = ${portalId}`,
  );
  const rules = themes.map((t) => ({ id: t.id, query: keywordsQuery(t.keywords) }));
  const competitorTheme = themes.find((t) => t.key === COMPETITOR_THEME_KEY);
  if (competitorTheme)
    rules.push({
      id: competitorTheme.id,
      query: keywordsQuery(competitorNames.flatMap((c) => [c.name, ...c.variants])),
    });
  let assigned = 0;
  // One statement per theme in order: the first theme that matches wins, later ones skip a reason with a theme.
  for (const rule of rules) {
    if (rule.query === null) continue;
    const rows = await queryRows<{ id: number }>(
      tx,
      sql`update loss_reasons set theme_id = ${rule.id}, updated_at = now()
        where portal_id = ${portalId} and id = any(${intArray(reasonIds)}::int[]) and theme_id is null
          and to_tsvector('russian', name) @@ to_tsquery('russian', ${rule.query})
        returning id`,
    );
    assigned += rows.length;
  }
  return assigned;
}
