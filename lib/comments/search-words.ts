/**
 * What the typed words search for: the strict full-text query, a competitor named by any of its spellings, the
 * typo / partial-word fallback over the portal's word list (pg_trgm), and the "did you mean" suggestion.
 */
import { type SQL, sql } from "drizzle-orm";
import { type Database, queryRows } from "@/db";
import { keywordsQuery } from "@/lib/themes/keywords";
import { likeContains, type QueryText } from "./query-text";
import { COUNT_CAP } from "./search-page";
import { FROM_SEARCH } from "./search-where";

/** Stored words containing a typed word that the fallback also searches for ("трубк" → "трубку", "трубки"). */
export const PARTIAL_WORDS = 12;
/** Trigram similarity a stored word needs to count as a spelling of a query word ("дорага" ~ "дорого": 0.27). */
export const WORD_SIMILARITY = 0.25;
/** A query finding fewer comments than this is checked for a better-spelled alternative ("дораго" → "дорого"). */
export const SUGGEST_BELOW = 20;

/**
 * "Did you mean": a typed word that is itself a misspelling finds only its few misspelled twins ("дораго": 7)
 * while the word meant finds many ("дорого": 50). Each word is swapped for the similar stored word (another stem)
 * that matches the most comments under the same filters; the swapped query is offered when it finds at least
 * three times as many.
 */
export async function suggestSpelling(
  db: Database,
  where: SQL,
  portalId: number,
  qt: QueryText,
  found: number,
) {
  const words = qt.words.filter((w) => w.length >= 4);
  if (qt.hasOperators || !words.length || qt.words.length > 3 || found >= SUGGEST_BELOW) return null;
  const count = async (text: string) =>
    (
      await queryRows<{ n: number }>(
        db,
        sql`select count(*)::int as n from (select 1 from ${FROM_SEARCH} where ${where}
          and s.search @@ plainto_tsquery('russian', ${text}) limit ${COUNT_CAP}) x`,
      )
    )[0]?.n ?? 0;
  const replaced = new Map<string, string>();
  for (const w of words) {
    const candidates = await queryRows<{ word: string }>(
      db,
      sql`select word from comment_words where portal_id = ${portalId} and word <> ${w}
        and similarity(word, ${w}) >= ${WORD_SIMILARITY}
        and to_tsvector('russian', word) <> to_tsvector('russian', ${w})
        order by similarity(word, ${w}) desc, word limit 4`,
    );
    let best: { word: string; n: number } | null = null;
    for (const { word } of candidates) {
      const n = await count(word);
      if (!best || n > best.n) best = { word, n };
    }
    if (best && best.n > 0) replaced.set(w, best.word);
  }
  if (!replaced.size) return null;
  const suggestion = qt.words.map((w) => replaced.get(w) ?? w).join(" ");
  const n = await count(suggestion);
  return n >= Math.max(3 * found, found + 3) ? suggestion : null;
}

/** The strict full-text query, or null when the text holds no searchable word. */
export function ftsQuery(qt: QueryText): SQL | null {
  const parts: SQL[] = [];
  if (qt.websearch) parts.push(sql`websearch_to_tsquery('russian', ${qt.websearch})`);
  if (qt.prefix) parts.push(sql`to_tsquery('russian', ${`'${qt.prefix}':*`})`);
  if (!parts.length) return null;
  if (parts.length === 1) return parts[0] as SQL;
  return qt.prefixOr ? sql`(${parts[0]} || ${parts[1]})` : sql`(${parts[0]} && ${parts[1]})`;
}

const normalName = (s: string) => (s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join(" ");

/**
 * The query names a competitor (its name or any alias the detector knows: "amoCRM", "Амо", "АмоЦРМ"): the
 * detector's own tsquery, so a search finds every comment the Themes competitor table counts.
 */
export async function competitorQuery(db: Database, portalId: number, qt: QueryText): Promise<string | null> {
  if (qt.empty || qt.hasOperators) return null;
  const typed = normalName(qt.phrase);
  const rows = await queryRows<{ name: string; variants: string[] }>(
    db,
    sql`select name, variants from competitors where portal_id = ${portalId}`,
  );
  const hit = rows.find((c) => [c.name, ...c.variants].some((v) => normalName(v) === typed));
  return hit ? keywordsQuery([hit.name, ...hit.variants]) : null;
}

/**
 * Each typed word, or any stored word spelled like it (pg_trgm similarity over the portal's word list), or any
 * stored word containing it (partial words: "трубк" → "трубку") — so the fallback is one more tsquery on the
 * search vector, served by the same index, instead of a substring scan of every comment's text.
 */
export async function fuzzyQuery(
  db: Database,
  portalId: number,
  qt: QueryText,
): Promise<{ query: SQL | null; similar: string[] }> {
  const words = qt.words.filter((w) => w.length >= 3).slice(0, 6);
  if (!words.length) return { query: null, similar: [] };
  const similar = await Promise.all(
    words.map((w) =>
      queryRows<{ word: string }>(
        db,
        sql`(select word from comment_words where portal_id = ${portalId} and word <> ${w}
          and similarity(word, ${w}) >= ${WORD_SIMILARITY}
          and to_tsvector('russian', word) <> to_tsvector('russian', ${w})
          order by similarity(word, ${w}) desc, word limit 4)
        union
        (select word from comment_words where portal_id = ${portalId} and word <> ${w}
          and word like ${likeContains(w)}
          order by similarity(word, ${w}) desc, word limit ${PARTIAL_WORDS})`,
      ),
    ),
  );
  const perWord = words.map((w, i) => {
    const alts = [w, ...(similar[i] ?? []).map((r) => r.word)];
    const last = i === words.length - 1 && qt.prefix === w;
    const text = alts.map((a, j) => `'${a}'${last && j === 0 ? ":*" : ""}`).join(" | ");
    return sql`to_tsquery('russian', ${text})`;
  });
  return {
    query: sql`(${sql.join(perWord, sql` && `)})`,
    similar: [...new Set(similar.flat().map((r) => r.word))],
  };
}
