/**
 * Theme and competitor tagging, all in SQL: each theme's keywords become one tsquery, matched against the
 * comments' generated `search` vector through its GIN index (one index probe per theme, not one regex per
 * comment). Runs for a portal's changed deals after every sync (lib/facts/derive.ts) and for every comment when
 * an admin edits themes or competitors.
 */
import { asc, eq, sql } from "drizzle-orm";
import { type Database, type DbOrTx, queryRows } from "@/db";
import { competitors, themes } from "@/db/schema";
import { refreshCommentSearch } from "@/lib/comments/search-table";
import { intArray } from "@/lib/facts/where";
import { keywordsQuery } from "./keywords";
import { BUILTIN_COMPETITORS, BUILTIN_THEMES, COMPETITOR_THEME_KEY } from "./lexicon";
import { applyThemeOverrides } from "./overrides";

/** Seeds the built-in lexicon the first time a portal's themes are needed (an admin's deletions stay deleted). */
export async function ensureThemes(db: DbOrTx, portalId: number): Promise<void> {
  const [row] = await queryRows<{ n: number }>(
    db as Database,
    sql`select count(*)::int as n from themes where portal_id = ${portalId}`,
  );
  if ((row?.n ?? 0) > 0) return;
  await db
    .insert(themes)
    .values(BUILTIN_THEMES.map((t, i) => ({ portalId, ...t, builtin: true, sort: i + 1 })))
    .onConflictDoNothing();
  await db
    .insert(competitors)
    .values(BUILTIN_COMPETITORS.map((c) => ({ portalId, name: c.name, variants: [...c.variants] })))
    .onConflictDoNothing();
}

export async function listThemes(db: Database, portalId: number) {
  return db
    .select()
    .from(themes)
    .where(eq(themes.portalId, portalId))
    .orderBy(asc(themes.sort), asc(themes.id));
}

export async function listCompetitors(db: Database, portalId: number) {
  return db
    .select()
    .from(competitors)
    .where(eq(competitors.portalId, portalId))
    .orderBy(asc(competitors.name), asc(competitors.id));
}

/**
 * Re-tags the comments of these deals (null = every comment of the portal) and refreshes the word list the
 * fuzzy search corrects typos against, and the comment browser's search rows of the same comments.
 */
export async function tagComments(db: Database, portalId: number, dealIds: readonly number[] | null) {
  await db.transaction(async (tx) => {
    await ensureThemes(tx, portalId);
    const scope = dealIds === null ? sql`true` : sql`c.deal_id = any(${intArray(dealIds)}::int[])`;
    const tScope = dealIds === null ? sql`true` : sql`deal_id = any(${intArray(dealIds)}::int[])`;
    const ccScope = dealIds === null ? sql`true` : sql`cc.deal_id = any(${intArray(dealIds)}::int[])`;
    await tx.execute(sql`delete from comment_themes where portal_id = ${portalId} and ${tScope}`);
    await tx.execute(sql`delete from comment_competitors where portal_id = ${portalId} and ${tScope}`);

    const themeRows = (
      await tx
        .select({ id: themes.id, keywords: themes.keywords, enabled: themes.enabled })
        .from(themes)
        .where(eq(themes.portalId, portalId))
    )
      .filter((t) => t.enabled)
      .map((t) => ({ id: t.id, query: keywordsQuery(t.keywords) }))
      .filter((t): t is { id: number; query: string } => t.query !== null);
    const competitorRows = (
      await tx
        .select({ id: competitors.id, name: competitors.name, variants: competitors.variants })
        .from(competitors)
        .where(eq(competitors.portalId, portalId))
    )
      .map((c) => ({ id: c.id, query: keywordsQuery([c.name, ...c.variants]) }))
      .filter((c): c is { id: number; query: string } => c.query !== null);

    // One statement per theme with its tsquery as a constant, so each is a bitmap scan of the GIN index.
    for (const k of competitorRows)
      await tx.execute(sql`
        insert into comment_competitors (portal_id, comment_source, comment_bitrix_id, competitor_id, deal_id)
        select c.portal_id, c.source, c.bitrix_id, ${k.id}::int, c.deal_id from comments c
        where c.portal_id = ${portalId} and c.search @@ to_tsquery('russian', ${k.query}) and ${scope}
        on conflict do nothing`);
    for (const th of themeRows)
      await tx.execute(sql`
        insert into comment_themes (portal_id, comment_source, comment_bitrix_id, theme_id, deal_id)
        select c.portal_id, c.source, c.bitrix_id, ${th.id}::int, c.deal_id from comments c
        where c.portal_id = ${portalId} and c.search @@ to_tsquery('russian', ${th.query}) and ${scope}
        on conflict do nothing`);
    // A named competitor is a competitor loss, whatever words surround it.
    await tx.execute(sql`
      insert into comment_themes (portal_id, comment_source, comment_bitrix_id, theme_id, deal_id)
      select distinct cc.portal_id, cc.comment_source, cc.comment_bitrix_id, t.id, cc.deal_id
      from comment_competitors cc
      join themes t on t.portal_id = cc.portal_id and t.key = ${COMPETITOR_THEME_KEY} and t.enabled
      where cc.portal_id = ${portalId} and ${ccScope}
      on conflict do nothing`);

    if (dealIds === null) await tx.execute(sql`delete from comment_words where portal_id = ${portalId}`);
    await tx.execute(sql`
      insert into comment_words (portal_id, word)
      select distinct ${portalId}::int, w
      from comments c, regexp_split_to_table(lower(c.body_text), '[^0-9a-zа-яё]+') as w
      where c.portal_id = ${portalId} and ${scope} and length(w) between 3 and 40
      on conflict do nothing`);
    // The comment browser's narrow search table (lib/comments/search-table.ts) follows the same deals.
    await refreshCommentSearch(tx, portalId, dealIds);
    // Hand corrections last, so they outlive every re-tag.
    await applyThemeOverrides(tx, portalId, dealIds);
  });
}
