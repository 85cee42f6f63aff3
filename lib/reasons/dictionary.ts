/**
 * The reason dictionary as the admin page reads it (Settings → Reasons): the portal's live canonical reasons with
 * their lost deals and money (all time, base currency), every raw reason with its counts and the canonical reason
 * it maps to, the portal's themes, and the proposed merges. Keys and numbers only.
 */
import { sql } from "drizzle-orm";
import { type DbOrTx, queryRows } from "@/db";
import { type Proposal, proposeMerges } from "./proposals";

export interface DictionaryReason {
  id: number;
  name: string;
  themeId: number | null;
  lostDeals: number;
  lostMoney: number;
}

export interface DictionaryRaw {
  /** "stage:<STATUS_ID>" | "field:<option id>". */
  rawKey: string;
  rawLabel: string;
  kind: "stage" | "field";
  /** A failure stage's pipeline name (null for options, or a stage no longer in the reference data). */
  pipeline: string | null;
  /** null = "not specified". */
  reasonId: number | null;
  source: "auto" | "admin";
  lostDeals: number;
  lostMoney: number;
}

export interface ReasonDictionary {
  reasons: DictionaryReason[];
  raws: DictionaryRaw[];
  /** Lost deals Bitrix24 holds no raw reason for (no failure stage or field value). */
  noRaw: { lostDeals: number; lostMoney: number };
  /** Lost deals counted as "not specified" (no raw reason, or one mapped to none). */
  notSpecified: { lostDeals: number; lostMoney: number };
  themes: { id: number; nameRu: string; nameEn: string }[];
  proposals: Proposal[];
}

interface Counted {
  k: string | null;
  n: number;
  money: number;
}

async function countsBy(db: DbOrTx, portalId: number, column: "reason_key" | "raw_reason_key") {
  const rows = await queryRows<Counted>(
    db,
    sql`select ${sql.raw(column)} as k, count(*)::int as n, coalesce(sum(amount_base), 0)::float8 as money
      from deal_facts where portal_id = ${portalId} and outcome = 'lost' group by 1`,
  );
  const by = new Map(rows.map((r) => [r.k, { lostDeals: r.n, lostMoney: r.money }]));
  return (k: string | null) => by.get(k) ?? { lostDeals: 0, lostMoney: 0 };
}

/** The live reasons (not merged away), in the admin's order then by name. */
export function liveReasons(db: DbOrTx, portalId: number) {
  return queryRows<{ id: number; name: string; themeId: number | null }>(
    db,
    sql`select id, name, theme_id as "themeId" from loss_reasons
      where portal_id = ${portalId} and merged_into is null order by sort, lower(name), id`,
  );
}

export async function getReasonDictionary(db: DbOrTx, portalId: number): Promise<ReasonDictionary> {
  const [byReason, byRaw, live, rawRows, themes, rejected] = await Promise.all([
    countsBy(db, portalId, "reason_key"),
    countsBy(db, portalId, "raw_reason_key"),
    liveReasons(db, portalId),
    queryRows<Omit<DictionaryRaw, "lostDeals" | "lostMoney">>(
      db,
      sql`select m.raw_key as "rawKey", m.raw_label as "rawLabel",
          case when m.raw_key like 'stage:%' then 'stage' else 'field' end as kind,
          pl.name as pipeline, m.reason_id as "reasonId", m.source
        from loss_reason_map m
        left join stages s on m.raw_key like 'stage:%' and s.portal_id = m.portal_id
          and s.bitrix_id = substr(m.raw_key, 7)
        left join pipelines pl on pl.portal_id = s.portal_id and pl.bitrix_id = s.pipeline_id
        where m.portal_id = ${portalId}
        order by (m.raw_key like 'field:%'), coalesce(pl.sort, 0), pl.bitrix_id, s.sort, m.raw_label, m.raw_key`,
    ),
    queryRows<{ id: number; nameRu: string; nameEn: string }>(
      db,
      sql`select id, name_ru as "nameRu", name_en as "nameEn" from themes
        where portal_id = ${portalId} order by sort, id`,
    ),
    queryRows<{ a: number; b: number }>(
      db,
      sql`select reason_a as a, reason_b as b from loss_reason_rejections where portal_id = ${portalId}`,
    ),
  ]);
  const reasons = live.map((r) => ({ ...r, ...byReason(`r:${r.id}`) }));
  return {
    reasons,
    raws: rawRows.map((r) => ({ ...r, ...byRaw(r.rawKey) })),
    noRaw: byRaw(null),
    notSpecified: byReason(null),
    themes,
    proposals: proposeMerges(
      reasons.map((r) => ({ id: r.id, name: r.name, deals: r.lostDeals })),
      rejected.map((r) => [r.a, r.b] as const),
    ),
  };
}
