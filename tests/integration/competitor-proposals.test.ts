/**
 * Unknown competitors on a seeded portal (the golden portal plus made-up loss comments, real Postgres): «Контур»
 * recurs in four lost deals in four spellings and is proposed with its counts; a won or open deal's mention does
 * not count; a listed competitor (Мегаплан), a portal user (Петрова), a client company (ООО «Ромашка») and a
 * name in too few deals (Kommo) are not proposed; a dismissal holds for every spelling; adding makes it a
 * competitor that tags the comments, and it is proposed no more.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/db";
import { comments, portals } from "@/db/schema";
import { type EmulatorHandle, startEmulator } from "@/emulator/server";
import { connectWebhookPortal } from "@/lib/portals";
import { runSync } from "@/lib/sync/run";
import { toPlainText } from "@/lib/text";
import {
  addProposedCompetitor,
  dismissCompetitorProposal,
  getCompetitorProposals,
} from "@/lib/themes/proposals";
import { GOLDEN_REASON_FIELD, goldenPortal } from "../helpers/golden-portal";
import { createTestDb, type TestDb } from "../helpers/test-db";

process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret";

let t: TestDb;
let emu: EmulatorHandle;
let portalId: number;

/** Lost deals of the golden portal: 2, 3, 4, 5, 6, 8. */
const SEEDED: [deal: number, body: string][] = [
  [2, "Ушли в Контур, у них отчёты в ФНС из коробки"],
  [3, "Клиент выбрал контур, привычнее бухгалтерии"],
  [4, "Остались в «Контуре», переход им дорогой"],
  [6, "Работают с Контуром через партнёра"],
  [6, "Сравнивали с Контуром и Мегаплан, Петрова уговаривала"],
  [3, "Мегаплан дешевле. Петрова не дожала"],
  [8, "Ушли в Мегаплан, Петрова в курсе"],
  [5, "Перешли на Kommo"],
  [8, "перешли на Kommo, дешевле"],
  [2, "ООО «Ромашка» решила подождать, с «Ромашкой» вернёмся осенью"],
  [3, "С «Ромашкой» вопрос закрыт"],
  [4, "«Ромашка» опять тянет"],
];

beforeAll(async () => {
  t = await createTestDb();
  emu = await startEmulator({ snapshot: goldenPortal(), port: 0, limits: { enabled: false } });
  const portal = await connectWebhookPortal(t.db, emu.webhookUrl);
  portalId = portal.id;
  await t.db
    .update(portals)
    .set({ settings: { lossReasonSource: "field_then_stage", lossReasonField: GOLDEN_REASON_FIELD } })
    .where(eq(portals.id, portalId));
  await runSync(t, portalId, { mode: "full" });
  const [notLost] = await queryRows<{ deal_id: number }>(
    t.db,
    sql`select deal_id from deal_facts where portal_id = ${portalId} and outcome <> 'lost' order by deal_id limit 1`,
  );
  const rows = [...SEEDED, [notLost?.deal_id ?? 1, "Выбрали Контур"] as [number, string]];
  await t.db.insert(comments).values(
    rows.map(([deal, body], i) => ({
      portalId,
      source: "timeline" as const,
      bitrixId: 950 + i,
      dealId: deal,
      authorId: 2,
      createdAt: new Date(Date.UTC(2026, 5, 1, 9, i)),
      body,
      bodyText: toPlainText(body),
      raw: {},
    })),
  );
});
afterAll(async () => {
  await emu?.close();
  await t?.destroy();
});

describe("competitor proposals", () => {
  it("proposes «Контур» with its mentions and lost deals, and nothing else", async () => {
    const out = await getCompetitorProposals(t.db, portalId);
    expect(out.map((p) => ({ name: p.name, key: p.key, mentions: p.mentions, deals: p.deals }))).toEqual([
      { name: "Контур", key: "контур", mentions: 5, deals: 4 },
    ]);
    expect(new Set(out[0]?.forms)).toEqual(new Set(["Контур", "контур", "Контуре", "Контуром"]));
  });

  it("a dismissal (of any spelling) holds", async () => {
    expect(await dismissCompetitorProposal(t.db, portalId, "Контуре", 1)).toBe("контур");
    expect(await getCompetitorProposals(t.db, portalId)).toEqual([]);
    await t.db.execute(sql`delete from competitor_dismissals where portal_id = ${portalId}`);
    expect((await getCompetitorProposals(t.db, portalId)).map((p) => p.name)).toEqual(["Контур"]);
  });

  it("adding makes it a competitor that tags the comments naming it, and it is no longer proposed", async () => {
    const [p] = await getCompetitorProposals(t.db, portalId);
    expect(
      await addProposedCompetitor(t.db, portalId, { name: p?.name ?? "", variants: p?.forms ?? [] }),
    ).toBe(true);
    const tagged = await queryRows<{ deals: number }>(
      t.db,
      sql`select count(distinct cc.deal_id)::int as deals from comment_competitors cc
          join competitors k on k.portal_id = cc.portal_id and k.id = cc.competitor_id
          where cc.portal_id = ${portalId} and k.name = 'Контур'`,
    );
    // The four lost deals and the one that is not lost: tagging covers every comment.
    expect(tagged[0]?.deals).toBe(5);
    expect(await getCompetitorProposals(t.db, portalId)).toEqual([]);
  });
});
