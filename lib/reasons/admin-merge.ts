/**
 * Merging and splitting canonical reasons, and the answers to a proposed merge (lib/reasons/proposals.ts). A
 * merged reason keeps its row pointing at the survivor (merged_into), so filters and share links naming it still
 * open the survivor; a split gives each raw reason a reason of its own, named after it.
 */
import { sql } from "drizzle-orm";
import { type Database, type DbOrTx, queryRows } from "@/db";
import { type Actor, changeDictionary, fail, liveReason, rawKeysOf, takenNames } from "./admin";
import { normaliseReasonName } from "./names";
import { mergeDirection } from "./proposals";

/** Reason `from` into reason `into`: its raw reasons map to `into`, its row (and any merged into it) points there. */
export function mergeReasons(db: Database, actor: Actor, fromId: number, intoId: number) {
  return changeDictionary(db, actor, (tx) => mergeIn(tx, actor, fromId, intoId, "reasons.merge"));
}

async function mergeIn(tx: DbOrTx, actor: Actor, fromId: number, intoId: number, action: string) {
  if (fromId === intoId) throw fail("sameReason");
  const p = actor.portalId;
  const from = await liveReason(tx, p, fromId);
  const into = await liveReason(tx, p, intoId);
  const rawKeys = await rawKeysOf(tx, p, fromId);
  await tx.execute(sql`update loss_reason_map set reason_id = ${intoId}, source = 'admin', updated_at = now()
    where portal_id = ${p} and reason_id = ${fromId}`);
  // One hop from any old name to the survivor: reasons merged into `from` before now point at `into`.
  await tx.execute(sql`update loss_reasons set merged_into = ${intoId}, updated_at = now()
    where portal_id = ${p} and (id = ${fromId} or merged_into = ${fromId})`);
  // The survivor keeps its theme; without one it takes the merged reason's.
  await tx.execute(sql`update loss_reasons set theme_id = coalesce(theme_id, ${from.themeId}), updated_at = now()
    where portal_id = ${p} and id = ${intoId}`);
  return {
    result: { from: fromId, into: intoId },
    rawKeys,
    action,
    target: `r:${fromId}`,
    details: { before: { from: from.name, into: into.name, rawKeys }, after: { mergedInto: intoId } },
  };
}

/** Lost deals under two live reasons, for the direction of an accepted merge. */
async function dealsOf(tx: DbOrTx, portalId: number, ids: number[]) {
  const rows = await queryRows<{ k: string; n: number }>(
    tx,
    sql`select reason_key as k, count(*)::int as n from deal_facts
      where portal_id = ${portalId} and outcome = 'lost' and reason_key in (${sql.join(
        ids.map((id) => sql`${`r:${id}`}`),
        sql`, `,
      )}) group by 1`,
  );
  return (id: number) => rows.find((r) => r.k === `r:${id}`)?.n ?? 0;
}

/** Accept a proposed merge of `a` and `b`: the one with fewer lost deals merges into the other (as proposed). */
export function acceptProposal(db: Database, actor: Actor, a: number, b: number) {
  return changeDictionary(db, actor, async (tx) => {
    if (a === b) throw fail("sameReason");
    const deals = await dealsOf(tx, actor.portalId, [a, b]);
    const { from, into } = mergeDirection({ id: a, deals: deals(a) }, { id: b, deals: deals(b) });
    return mergeIn(tx, actor, from.id, into.id, "reasons.proposal_accept");
  });
}

/** Reject a proposed merge: stored, never proposed again. */
export function rejectProposal(db: Database, actor: Actor, a: number, b: number) {
  return changeDictionary(db, actor, async (tx) => {
    if (a === b) throw fail("sameReason");
    const x = await liveReason(tx, actor.portalId, Math.min(a, b));
    const y = await liveReason(tx, actor.portalId, Math.max(a, b));
    await tx.execute(sql`insert into loss_reason_rejections (portal_id, reason_a, reason_b, user_id)
      values (${actor.portalId}, ${x.id}, ${y.id}, ${actor.userId}) on conflict do nothing`);
    return {
      result: { a: x.id, b: y.id },
      rawKeys: [],
      action: "reasons.proposal_reject",
      target: `r:${x.id},r:${y.id}`,
      details: { before: null, after: { rejected: [x.name, y.name] } },
    };
  });
}

interface SplitRaw {
  rawKey: string;
  /** The raw reason's own name: a failure stage's name without its pipeline, or the option's label. */
  name: string;
}

/** `name`, else `name (2)`, `name (3)`… — the first a live reason does not have, within 80 characters. */
export function uniqueName(name: string, taken: Set<string>): string {
  const base = name.replace(/\s+/g, " ").trim().slice(0, 74) || "?";
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base} (${n})`;
    if (!taken.has(normaliseReasonName(candidate))) return candidate;
  }
}

/**
 * Split a reason back: each of its raw reasons gets a reason of its own, named after the raw reason. The one named
 * like the reason (else the first) keeps it, so its links still open the same deals.
 */
export function splitReason(db: Database, actor: Actor, id: number) {
  return changeDictionary(db, actor, async (tx) => {
    const p = actor.portalId;
    const reason = await liveReason(tx, p, id);
    const raws = await queryRows<SplitRaw>(
      tx,
      sql`select m.raw_key as "rawKey",
          coalesce(s.name, regexp_replace(m.raw_label, ' · [^·]*$', '')) as name
        from loss_reason_map m
        left join stages s on m.raw_key like 'stage:%' and s.portal_id = m.portal_id
          and s.bitrix_id = substr(m.raw_key, 7)
        where m.portal_id = ${p} and m.reason_id = ${id}
        order by (m.raw_key like 'field:%'), m.raw_key`,
    );
    if (raws.length < 2) throw fail("nothingToSplit");
    const own = normaliseReasonName(reason.name);
    const keeper = raws.find((r) => normaliseReasonName(r.name) === own) ?? (raws[0] as SplitRaw);
    const taken = await takenNames(tx, p);
    const made: { rawKey: string; id: number; name: string }[] = [];
    for (const raw of raws) {
      if (raw === keeper) continue;
      const name = uniqueName(raw.name, taken);
      taken.add(normaliseReasonName(name));
      const [row] = await queryRows<{ id: number }>(
        tx,
        sql`insert into loss_reasons (portal_id, name, theme_id) values (${p}, ${name}, ${reason.themeId}) returning id`,
      );
      made.push({ rawKey: raw.rawKey, id: row?.id ?? 0, name });
      await tx.execute(sql`update loss_reason_map set reason_id = ${row?.id ?? null}, source = 'admin',
        updated_at = now() where portal_id = ${p} and raw_key = ${raw.rawKey}`);
    }
    await tx.execute(sql`update loss_reason_map set source = 'admin', updated_at = now()
      where portal_id = ${p} and raw_key = ${keeper.rawKey}`);
    return {
      result: { kept: keeper.rawKey, made },
      rawKeys: made.map((m) => m.rawKey),
      action: "reasons.split",
      target: `r:${id}`,
      details: {
        before: { name: reason.name, rawKeys: raws.map((r) => r.rawKey) },
        after: { kept: keeper.rawKey, made },
      },
    };
  });
}
