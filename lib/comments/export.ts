/** CSV of the comments the browser's filters select, with their themes and competitors (lib/analytics/csv). */
import { sql } from "drizzle-orm";
import { type Database, queryRows } from "@/db";
import { toCsv } from "@/lib/analytics/csv";
import type { DataScope } from "@/lib/analytics/scope";
import { moneyHeader } from "@/lib/format";
import { listThemes } from "@/lib/themes/tagging";
import type { CommentParams } from "@/lib/url-state/comments";
import type { Filters } from "@/lib/url-state/filters";
import { type CommentRow, searchComments } from "./search";

export const EXPORT_LIMIT = 100_000;

type Locale = "ru" | "en";

export async function exportCommentsCsv(
  db: Database,
  scope: DataScope,
  filters: Filters,
  params: CommentParams,
  locale: Locale,
  /** The portal's base currency, named in the amount column's header. */
  currency: string,
): Promise<{ csv: string; rows: number; total: number }> {
  const page = await searchComments(db, scope, filters, params, {
    all: true,
    limit: EXPORT_LIMIT,
    highlight: false,
  });
  const themes = await listThemes(db, scope.portalId);
  const themeName = new Map(themes.map((t) => [t.id, locale === "ru" ? t.nameRu : t.nameEn]));
  const keys = page.rows.map((r) => r.key);
  const mentions = keys.length
    ? await queryRows<{ key: string; names: string[] }>(
        db,
        sql`select cc.comment_source || ':' || cc.comment_bitrix_id as key, array_agg(k.name order by k.name) as names
          from comment_competitors cc join competitors k on k.id = cc.competitor_id
          where cc.portal_id = ${scope.portalId}
            and cc.deal_id = any(${`{${[...new Set(page.rows.map((r) => r.dealId))].join(",")}}`}::int[])
          group by 1`,
      )
    : [];
  const competitorsOf = new Map(mentions.map((m) => [m.key, m.names.join(", ")]));
  const ru = locale === "ru";
  const csv = toCsv<CommentRow>(
    page.rows,
    [
      { header: ru ? "Сделка" : "Deal", value: "dealId" },
      { header: ru ? "Название" : "Title", value: "dealTitle" },
      { header: ru ? "Итог" : "Outcome", value: "outcome" },
      { header: ru ? "Дата комментария" : "Comment date", value: (r) => r.createdAt },
      { header: ru ? "Автор" : "Author", value: (r) => r.authorName ?? r.authorId },
      { header: ru ? "Ответственный" : "Manager", value: "managerName" },
      { header: ru ? "Стадия отказа" : "Lost at stage", value: "lostAtStageName" },
      {
        header: ru ? "Причина отказа" : "Loss reason",
        value: (r) => r.reasonLabel ?? (ru ? "Не указана" : "Not specified"),
      },
      { header: moneyHeader(ru ? "Сумма" : "Amount", currency), value: "amount" },
      {
        header: ru ? "Темы" : "Themes",
        value: (r) => r.themeIds.map((id) => themeName.get(id) ?? id).join(", "),
      },
      { header: ru ? "Конкуренты" : "Competitors", value: (r) => competitorsOf.get(r.key) ?? "" },
      { header: ru ? "Комментарий" : "Comment", value: "text" },
      { header: ru ? "Ссылка" : "Link", value: "bitrixUrl" },
    ],
    { separator: ru ? ";" : "," },
  );
  return { csv, rows: page.rows.length, total: page.total };
}
