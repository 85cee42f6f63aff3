/** Admin edits of themes and competitors; every change re-tags the portal's comments (lib/themes/tagging). */
import { and, eq, sql } from "drizzle-orm";
import { type Database, queryRows } from "@/db";
import { competitors, lossReasons, themes } from "@/db/schema";
import { parseKeywordList } from "./keywords";
import { ensureThemes, tagComments } from "./tagging";

export interface ThemeInput {
  id?: number;
  nameRu: string;
  nameEn?: string;
  keywords: string;
  enabled: boolean;
}

/** Creates or updates a theme of the portal; false when `id` is not one of the portal's themes. */
export async function saveTheme(db: Database, portalId: number, input: ThemeInput): Promise<boolean> {
  await ensureThemes(db, portalId);
  const values = {
    nameRu: input.nameRu.trim(),
    nameEn: input.nameEn?.trim() || input.nameRu.trim(),
    keywords: parseKeywordList(input.keywords),
    enabled: input.enabled,
    updatedAt: new Date(),
  };
  if (input.id) {
    const updated = await db
      .update(themes)
      .set(values)
      .where(and(eq(themes.id, input.id), eq(themes.portalId, portalId)))
      .returning({ id: themes.id });
    if (!updated.length) return false;
  } else {
    const [next] = await queryRows<{ n: number }>(
      db,
      sql`select coalesce(max(sort), 0)::int + 1 as n from themes where portal_id = ${portalId}`,
    );
    await db.insert(themes).values({
      portalId,
      key: `custom-${Date.now().toString(36)}`,
      sort: next?.n ?? 100,
      ...values,
    });
  }
  await tagComments(db, portalId, null);
  return true;
}

export async function deleteTheme(db: Database, portalId: number, id: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    // Reasons about the theme lose it first: their key holds portal_id, on which Citus allows no ON DELETE SET NULL.
    await tx
      .update(lossReasons)
      .set({ themeId: null })
      .where(and(eq(lossReasons.portalId, portalId), eq(lossReasons.themeId, id)));
    const gone = await tx
      .delete(themes)
      .where(and(eq(themes.id, id), eq(themes.portalId, portalId)))
      .returning({ id: themes.id });
    return gone.length > 0;
  });
}

export interface CompetitorInput {
  id?: number;
  name: string;
  variants: string;
}

export async function saveCompetitor(
  db: Database,
  portalId: number,
  input: CompetitorInput,
): Promise<boolean> {
  await ensureThemes(db, portalId);
  const values = {
    name: input.name.trim(),
    variants: parseKeywordList(input.variants),
    updatedAt: new Date(),
  };
  if (input.id) {
    const updated = await db
      .update(competitors)
      .set(values)
      .where(and(eq(competitors.id, input.id), eq(competitors.portalId, portalId)))
      .returning({ id: competitors.id });
    if (!updated.length) return false;
  } else await db.insert(competitors).values({ portalId, ...values });
  await tagComments(db, portalId, null);
  return true;
}

export async function deleteCompetitor(db: Database, portalId: number, id: number): Promise<boolean> {
  const gone = await db
    .delete(competitors)
    .where(and(eq(competitors.id, id), eq(competitors.portalId, portalId)))
    .returning({ id: competitors.id });
  if (gone.length) await tagComments(db, portalId, null);
  return gone.length > 0;
}
