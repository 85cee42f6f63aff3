/**
 * Hand corrections of comment themes: a director or admin removes a theme the tagger gave, or adds one it
 * missed. Stored in comment_theme_overrides (one row per comment and theme: 'add' and 'remove' replace each
 * other), applied at once (lib/themes/overrides.ts, which every tagging also applies last, so a correction
 * outlives re-tagging and syncs), cached theme figures dropped (bumpFactsVersion), and audited.
 *
 * The server action (app/(dashboard)/comments/actions.ts) is a thin wrapper: session and role there, then this
 * module re-checks the role and the viewer's data scope in SQL, so a director limited to some managers cannot
 * correct the comments of others' deals.
 */
import { sql } from "drizzle-orm";
import { z } from "zod";
import { type Database, type DbOrTx, queryRows } from "@/db";
import { auditLog } from "@/db/schema";
import type { Role } from "@/db/schema/app";
import type { DataScope } from "@/lib/analytics/scope";
import { AppError } from "@/lib/auth/errors";
import { bumpFactsVersion } from "@/lib/facts/version";
import { scopeSql } from "@/lib/facts/where";
import { dbId, INT4_MAX } from "@/lib/params";
import { applyThemeOverrides } from "./overrides";
import { tagComments } from "./tagging";

/** Who may correct a tag: not a manager (their view is their own deals, the themes are the team's). */
export const CORRECTION_ROLES: readonly Role[] = ["admin", "director"];

const SOURCES = ["timeline", "deal_field", "user_field"] as const;
type Source = (typeof SOURCES)[number];

/** The form: the comment's key as the browser has it ("timeline:401"), the theme, add or remove. */
export const themeCorrectionInput = z.object({
  comment: z
    .string()
    .regex(/^(timeline|deal_field|user_field):\d{1,10}$/)
    .transform((key) => {
      const [source, id] = key.split(":") as [Source, string];
      return { source, bitrixId: Number(id) };
    })
    .refine((c) => c.bitrixId <= INT4_MAX),
  themeId: dbId,
  action: z.enum(["add", "remove"]),
});
export type ThemeCorrection = z.output<typeof themeCorrectionInput>;

export interface CorrectionActor {
  userId: number;
  role: Role;
  scope: DataScope;
}

export interface CorrectionResult {
  /** false when the comment already was as asked (nothing written). */
  changed: boolean;
  /** The comment's themes after the correction. */
  themeIds: number[];
}

type Override = "add" | "remove" | null;

/** The comment's deal when the actor may see it (scope applied in SQL), else NOT_FOUND. */
async function dealOf(db: Database, actor: CorrectionActor, c: ThemeCorrection["comment"]): Promise<number> {
  const [row] = await queryRows<{ deal_id: number }>(
    db,
    sql`select c.deal_id from comments c
        join deal_facts f on f.portal_id = c.portal_id and f.deal_id = c.deal_id
        where c.portal_id = ${actor.scope.portalId} and c.source = ${c.source} and c.bitrix_id = ${c.bitrixId}
          and ${scopeSql(actor.scope)}`,
  );
  if (!row) throw new AppError("NOT_FOUND");
  return row.deal_id;
}

async function themeIdsOf(db: DbOrTx, portalId: number, c: ThemeCorrection["comment"]): Promise<number[]> {
  const rows = await queryRows<{ theme_id: number }>(
    db,
    sql`select theme_id from comment_themes where portal_id = ${portalId} and comment_source = ${c.source}
        and comment_bitrix_id = ${c.bitrixId} order by theme_id`,
  );
  return rows.map((r) => r.theme_id);
}

async function overrideOf(db: Database, portalId: number, input: ThemeCorrection): Promise<Override> {
  const [row] = await queryRows<{ action: "add" | "remove" }>(
    db,
    sql`select action from comment_theme_overrides where portal_id = ${portalId}
        and comment_source = ${input.comment.source} and comment_bitrix_id = ${input.comment.bitrixId}
        and theme_id = ${input.themeId}`,
  );
  return row?.action ?? null;
}

async function writeOverride(
  tx: DbOrTx,
  portalId: number,
  input: ThemeCorrection,
  dealId: number,
  userId: number,
) {
  await tx.execute(sql`
    insert into comment_theme_overrides
      (portal_id, comment_source, comment_bitrix_id, theme_id, deal_id, action, user_id, created_at)
    values (${portalId}, ${input.comment.source}, ${input.comment.bitrixId}, ${input.themeId}, ${dealId},
      ${input.action}, ${userId}, now())
    on conflict (portal_id, comment_source, comment_bitrix_id, theme_id)
    do update set action = excluded.action, user_id = excluded.user_id, deal_id = excluded.deal_id,
      created_at = excluded.created_at`);
}

async function dropOverride(tx: DbOrTx, portalId: number, input: ThemeCorrection) {
  await tx.execute(sql`delete from comment_theme_overrides where portal_id = ${portalId}
    and comment_source = ${input.comment.source} and comment_bitrix_id = ${input.comment.bitrixId}
    and theme_id = ${input.themeId}`);
}

/**
 * Applies one correction. Undoing one's own correction leaves no trace in the stats: removing a hand-added
 * theme deletes the override, and adding back a theme removed by hand drops the removal and re-tags the deal
 * (an 'add' is written only if the tagger does not give the theme itself).
 */
export async function correctTheme(
  db: Database,
  actor: CorrectionActor,
  input: ThemeCorrection,
): Promise<CorrectionResult> {
  if (!CORRECTION_ROLES.includes(actor.role)) throw new AppError("FORBIDDEN");
  const portalId = actor.scope.portalId;
  const dealId = await dealOf(db, actor, input.comment);
  const [theme] = await queryRows<{ id: number }>(
    db,
    sql`select id from themes where id = ${input.themeId} and portal_id = ${portalId} and enabled`,
  );
  if (!theme) throw new AppError("NOT_FOUND");
  const has = (await themeIdsOf(db, portalId, input.comment)).includes(input.themeId);
  const existing = await overrideOf(db, portalId, input);
  const changed = await db.transaction(async (tx) => {
    if (input.action === "add") {
      if (has) return false;
      if (existing === "remove") {
        await dropOverride(tx, portalId, input);
        return true;
      }
      await writeOverride(tx, portalId, input, dealId, actor.userId);
    } else {
      if (!has) return false;
      if (existing === "add") {
        await dropOverride(tx, portalId, input);
        await tx.execute(sql`delete from comment_themes where portal_id = ${portalId}
          and comment_source = ${input.comment.source} and comment_bitrix_id = ${input.comment.bitrixId}
          and theme_id = ${input.themeId}`);
        return true;
      }
      await writeOverride(tx, portalId, input, dealId, actor.userId);
    }
    await applyThemeOverrides(tx, portalId, [dealId]);
    return true;
  });
  if (!changed) return { changed, themeIds: await themeIdsOf(db, portalId, input.comment) };
  if (input.action === "add" && existing === "remove") await restoreTaggerTheme(db, actor, input, dealId);
  await bumpFactsVersion(db, portalId);
  await db.insert(auditLog).values({
    actorUserId: actor.userId,
    action: `themes.correct.${input.action}`,
    target: `${input.comment.source}:${input.comment.bitrixId}`,
    details: { themeId: input.themeId, dealId, portalId },
  });
  return { changed, themeIds: await themeIdsOf(db, portalId, input.comment) };
}

/** A removal undone: the tagger's own verdict comes back; only if it lacks the theme is an 'add' written. */
async function restoreTaggerTheme(
  db: Database,
  actor: CorrectionActor,
  input: ThemeCorrection,
  dealId: number,
) {
  const portalId = actor.scope.portalId;
  await tagComments(db, portalId, [dealId]);
  if ((await themeIdsOf(db, portalId, input.comment)).includes(input.themeId)) return;
  await db.transaction(async (tx) => {
    await writeOverride(tx, portalId, input, dealId, actor.userId);
    await applyThemeOverrides(tx, portalId, [dealId]);
  });
}
