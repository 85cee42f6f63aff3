/**
 * Competitor proposals for a portal's admin (/themes): the loss comments read from Postgres, the exclusions
 * (listed competitors, the portal's users and client companies, dismissed names), and the pure extraction in
 * competitor-proposals.ts. Adding goes through the competitor admin code (lib/themes/admin.ts, which re-tags);
 * dismissing stores the name's key in competitor_dismissals.
 */
import { sql } from "drizzle-orm";
import { type Database, queryRows } from "@/db";
import { saveCompetitor } from "./admin";
import {
  type CompetitorProposal,
  MIN_PROPOSAL_DEALS,
  nameKey,
  proposeCompetitors,
} from "./competitor-proposals";

/** The newest loss comments read (a portal of 1M comments is not read whole on a page view). */
export const PROPOSAL_COMMENTS = 20_000;
export const PROPOSALS_SHOWN = 10;

export async function getCompetitorProposals(db: Database, portalId: number): Promise<CompetitorProposal[]> {
  const [comments, competitors, people, dismissed] = await Promise.all([
    queryRows<{ deal_id: number; text: string }>(
      db,
      sql`select c.deal_id, c.body_text as text from comments c
          join deal_facts f on f.portal_id = c.portal_id and f.deal_id = c.deal_id and f.outcome = 'lost'
          where c.portal_id = ${portalId}
          order by c.created_at desc nulls last, c.bitrix_id desc limit ${PROPOSAL_COMMENTS}`,
    ),
    queryRows<{ name: string; variants: string[] }>(
      db,
      sql`select name, variants from competitors where portal_id = ${portalId}`,
    ),
    queryRows<{ name: string }>(
      db,
      sql`select concat_ws(' ', name, last_name) as name from b24_users where portal_id = ${portalId}
          union select title from companies where portal_id = ${portalId} and title <> ''`,
    ),
    queryRows<{ name: string }>(
      db,
      sql`select name from competitor_dismissals where portal_id = ${portalId}`,
    ),
  ]);
  const proposals = proposeCompetitors(
    comments.map((c) => ({ dealId: c.deal_id, text: c.text })),
    {
      competitors: competitors.flatMap((c) => [c.name, ...c.variants]),
      names: people.map((p) => p.name),
    },
    MIN_PROPOSAL_DEALS,
  );
  // A dismissal stores the key; compared by key, so every spelling of the name stays dismissed.
  const gone = new Set(dismissed.map((d) => d.name));
  return proposals.filter((p) => !gone.has(p.key)).slice(0, PROPOSALS_SHOWN);
}

/** Adds a proposed name as a competitor, its other spellings as variants (re-tags the portal). */
export async function addProposedCompetitor(
  db: Database,
  portalId: number,
  input: { name: string; variants: readonly string[] },
): Promise<boolean> {
  const variants = [...new Set([input.name, ...input.variants])].join("\n");
  return saveCompetitor(db, portalId, { name: input.name, variants });
}

/** Never propose this name again (any spelling: the key is stored). */
export async function dismissCompetitorProposal(
  db: Database,
  portalId: number,
  name: string,
  userId: number | null,
): Promise<string> {
  const key = nameKey(name);
  await db.execute(sql`insert into competitor_dismissals (portal_id, name, user_id)
    values (${portalId}, ${key}, ${userId}) on conflict do nothing`);
  return key;
}
