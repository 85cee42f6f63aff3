/**
 * Theme and competitor tagging: the portal's comments are read in batches by keyset cursor, tagged in process by
 * the rule tagger (lib/themes/tagger: built-in rules plus the admin's keywords, competitor names in every
 * spelling), and written back with multi-row inserts (unnest of arrays), each theme with the words that made it
 * (`comment_themes.evidence`, shown on hover). Hand corrections (lib/themes/overrides.ts) are applied last, so
 * they outlive every re-tagging. Runs for a portal's changed deals after every sync (lib/facts/derive.ts) and for
 * every comment when an admin edits themes or competitors.
 */
import { asc, eq, sql } from "drizzle-orm";
import { type Database, type DbOrTx, intArray, queryRows, textArray } from "@/db";
import { competitors, themes } from "@/db/schema";
import { refreshCommentSearch } from "@/lib/comments/search-table";
import { BUILTIN_COMPETITORS, BUILTIN_THEMES } from "./lexicon";
import { applyThemeOverrides } from "./overrides";
import { createTagger, type Tagger } from "./tagger";

/** Comments per round trip: large enough that the insert cost is per batch, small enough to stay lean. */
const BATCH = 5000;
/** Evidence phrases of one tag joined for the hover text. */
export const EVIDENCE_SEPARATOR = " · ";

/** Seeds the built-in lexicon the first time a portal's themes are needed (an admin's deletions stay deleted). */
export async function ensureThemes(db: DbOrTx, portalId: number): Promise<void> {
  const [row] = await queryRows<{ n: number }>(
    db,
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

const BUILTIN_KEYWORDS = new Map(BUILTIN_THEMES.map((t) => [t.key, t.keywords]));

export interface PortalTagger {
  tag: Tagger;
  themeIdByKey: Map<string, number>;
  competitorIdByName: Map<string, number>;
}

/** The portal's enabled themes and its competitor list → one tagger, and the ids to write rows with. */
export async function portalTagger(tx: DbOrTx, portalId: number): Promise<PortalTagger> {
  const themeRows = (
    await tx
      .select({ id: themes.id, key: themes.key, keywords: themes.keywords, enabled: themes.enabled })
      .from(themes)
      .where(eq(themes.portalId, portalId))
      .orderBy(asc(themes.sort), asc(themes.id))
  ).filter((t) => t.enabled);
  const competitorRows = await tx
    .select({ id: competitors.id, name: competitors.name, variants: competitors.variants })
    .from(competitors)
    .where(eq(competitors.portalId, portalId))
    .orderBy(asc(competitors.id));
  const tagger = createTagger({
    themes: themeRows.map((t) => ({ key: t.key, keywords: t.keywords })),
    competitors: competitorRows.map((c) => ({ name: c.name, variants: c.variants })),
    builtinKeywords: BUILTIN_KEYWORDS,
  });
  // Short comments repeat a lot ("дорого", "не отвечает"): each distinct text is tagged once per run.
  const seen = new Map<string, ReturnType<Tagger>>();
  return {
    tag: (text: string) => {
      const hit = seen.get(text);
      if (hit) return hit;
      const result = tagger(text);
      if (text.length <= 200 && seen.size < 50_000) seen.set(text, result);
      return result;
    },
    themeIdByKey: new Map(themeRows.map((t) => [t.key, t.id])),
    competitorIdByName: new Map(competitorRows.map((c) => [c.name, c.id])),
  };
}

interface CommentRow {
  source: string;
  bitrix_id: number;
  deal_id: number;
  body_text: string;
}

/** Tags one batch in process and writes its rows: two statements whatever the batch size. */
async function writeBatch(tx: DbOrTx, portalId: number, p: PortalTagger, rows: readonly CommentRow[]) {
  const t = { source: [] as string[], id: [] as number[], theme: [] as number[], deal: [] as number[] };
  const evidence: string[] = [];
  const c = { source: [] as string[], id: [] as number[], competitor: [] as number[], deal: [] as number[] };
  for (const r of rows) {
    const result = p.tag(r.body_text);
    for (const th of result.themes) {
      const id = p.themeIdByKey.get(th.key);
      if (id === undefined) continue;
      t.source.push(r.source);
      t.id.push(r.bitrix_id);
      t.theme.push(id);
      t.deal.push(r.deal_id);
      evidence.push(th.evidence.join(EVIDENCE_SEPARATOR).slice(0, 500));
    }
    for (const k of result.competitors) {
      const id = p.competitorIdByName.get(k.name);
      if (id === undefined) continue;
      c.source.push(r.source);
      c.id.push(r.bitrix_id);
      c.competitor.push(id);
      c.deal.push(r.deal_id);
    }
  }
  if (t.id.length)
    await tx.execute(sql`
      insert into comment_themes (portal_id, comment_source, comment_bitrix_id, theme_id, deal_id, evidence)
      select ${portalId}::int, x.s, x.b, x.t, x.d, x.e
      from unnest(${textArray(t.source)}::text[], ${intArray(t.id)}::int[], ${intArray(t.theme)}::int[],
        ${intArray(t.deal)}::int[], ${textArray(evidence)}::text[]) as x(s, b, t, d, e)
      on conflict do nothing`);
  if (c.id.length)
    await tx.execute(sql`
      insert into comment_competitors (portal_id, comment_source, comment_bitrix_id, competitor_id, deal_id)
      select ${portalId}::int, x.s, x.b, x.k, x.d
      from unnest(${textArray(c.source)}::text[], ${intArray(c.id)}::int[], ${intArray(c.competitor)}::int[],
        ${intArray(c.deal)}::int[]) as x(s, b, k, d)
      on conflict do nothing`);
}

/** Reads the comments in scope by keyset cursor (source, bitrix_id) and tags them batch by batch. */
async function tagInBatches(
  tx: DbOrTx,
  portalId: number,
  dealIds: readonly number[] | null,
  p: PortalTagger,
) {
  const scope = dealIds === null ? sql`true` : sql`c.deal_id = any(${intArray(dealIds)}::int[])`;
  let after: { source: string; id: number } | null = null;
  for (;;) {
    const cursor = after ? sql`(c.source, c.bitrix_id) > (${after.source}, ${after.id})` : sql`true`;
    const rows: CommentRow[] = await queryRows<CommentRow>(
      tx,
      sql`select c.source, c.bitrix_id, c.deal_id, c.body_text from comments c
        where c.portal_id = ${portalId} and ${scope} and ${cursor}
        order by c.source, c.bitrix_id limit ${BATCH}`,
    );
    if (!rows.length) return;
    await writeBatch(tx, portalId, p, rows);
    const last = rows[rows.length - 1] as CommentRow;
    after = { source: last.source, id: last.bitrix_id };
    if (rows.length < BATCH) return;
  }
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
    await tx.execute(sql`delete from comment_themes where portal_id = ${portalId} and ${tScope}`);
    await tx.execute(sql`delete from comment_competitors where portal_id = ${portalId} and ${tScope}`);
    await tagInBatches(tx, portalId, dealIds, await portalTagger(tx, portalId));

    if (dealIds === null) await tx.execute(sql`delete from comment_words where portal_id = ${portalId}`);
    await tx.execute(sql`
      insert into comment_words (portal_id, word)
      select distinct ${portalId}::int, w
      from comments c, regexp_split_to_table(lower(c.body_text), '[^0-9a-zа-яё]+') as w
      where c.portal_id = ${portalId} and ${scope} and length(w) between 3 and 40
      on conflict do nothing`);
    // The comment browser's narrow search table (lib/comments/search-table.ts) follows the same deals.
    await refreshCommentSearch(tx, portalId, dealIds);
    // Hand corrections last: they win over whatever the tagger said.
    await applyThemeOverrides(tx, portalId, dealIds);
  });
}
