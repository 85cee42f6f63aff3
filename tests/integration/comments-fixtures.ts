/**
 * A fixed set of manager comments on the golden portal's lost deals (tests/helpers/golden-portal.ts), added
 * after the golden sync, for the comment search and theme tests. Deals 2, 5, 8 belong to manager 2 (Иванов),
 * deals 3, 4, 6 to manager 3. The golden portal itself brings: deal 2 field "Дорого, ушли к конкуренту",
 * timeline 401 (deal 2) "Ушли к конкуренту — у них дешевле на 20%", 402 (deal 5) "Пропал, не берёт трубку",
 * 403 (deal 5) "Выбрали amoCRM alert(1)".
 */
import { sql } from "drizzle-orm";
import type { Database } from "@/db";
import { comments } from "@/db/schema";
import { toPlainText } from "@/lib/text";
import { tagComments } from "@/lib/themes/tagging";

export const FIXTURE_COMMENTS: { id: number; deal: number; author: number; at: string; body: string }[] = [
  {
    id: 901,
    deal: 3,
    author: 3,
    at: "2026-03-05T11:00:00+03:00",
    body: "Не устроила цена, попросили скидку",
  },
  {
    id: 902,
    deal: 4,
    author: 3,
    at: "2026-03-10T11:00:00+03:00",
    body: "Цена у нас высокая, сравнивали с ценой конкурента",
  },
  { id: 903, deal: 6, author: 3, at: "2026-05-06T11:00:00+03:00", body: "Цены кусаются, у Мегаплан дешевле" },
  { id: 904, deal: 8, author: 2, at: "2026-06-15T11:00:00+03:00", body: "Дорага для них" },
  { id: 905, deal: 3, author: 3, at: "2026-03-05T12:00:00+03:00", body: "Высокая цена лицензий" },
  { id: 907, deal: 4, author: 3, at: "2026-03-10T12:00:00+03:00", body: "Нет бюджета на этот год" },
  {
    id: 908,
    deal: 8,
    author: 2,
    at: "2026-06-15T12:00:00+03:00",
    body: "&lt;script&gt;alert('цена')&lt;/script&gt; клиент ушёл",
  },
  {
    id: 909,
    deal: 3,
    author: 3,
    at: "2026-03-05T13:00:00+03:00",
    body: "Перенесли на следующий квартал, ЛПР в отпуске",
  },
  { id: 910, deal: 6, author: 3, at: "2026-05-06T12:00:00+03:00", body: "Ушли к канкуренту" },
];

export async function addFixtureComments(db: Database, portalId: number) {
  await db.insert(comments).values(
    FIXTURE_COMMENTS.map((c) => ({
      portalId,
      source: "timeline" as const,
      bitrixId: c.id,
      dealId: c.deal,
      authorId: c.author,
      createdAt: new Date(c.at),
      body: c.body,
      bodyText: toPlainText(c.body),
      raw: {},
    })),
  );
  await db.execute(sql`update deal_facts set has_comment = true where portal_id = ${portalId}
    and deal_id in (select deal_id from comments where portal_id = ${portalId})`);
  await tagComments(db, portalId, null);
}
