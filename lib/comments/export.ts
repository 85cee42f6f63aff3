/** CSV of the comments the browser's filters select, with their themes and competitors (lib/analytics/csv). */
import { sql } from "drizzle-orm";
import { type Database, queryRows } from "@/db";
import { toCsv } from "@/lib/analytics/csv";
import type { DataScope } from "@/lib/analytics/scope";
import { csvSeparator, moneyHeader } from "@/lib/format";
import { themeName } from "@/lib/i18n";
import type { Locale } from "@/lib/i18n/config";
import { commentCsvMessages } from "@/lib/i18n/sections/comments";
import { listThemes } from "@/lib/themes/tagging";
import type { CommentParams } from "@/lib/url-state/comments";
import type { Filters } from "@/lib/url-state/filters";
import { type CommentRow, searchComments } from "./search";

export const EXPORT_LIMIT = 100_000;

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
  const themeNames = new Map(themes.map((th) => [th.id, themeName(th, locale)]));
  const keys = page.rows.map((r) => r.key);
  const mentions = keys.length
    ? await queryRows<{ key: string; names: string[] }>(
        db,
        sql`select cc.comment_source || ':' || cc.comment_bitrix_id as key, array_agg(k.name order by k.name) as names
          from comment_competitors cc join competitors k on k.portal_id = cc.portal_id and k.id = cc.competitor_id
          where cc.portal_id = ${scope.portalId}
            and cc.deal_id = any(${`{${[...new Set(page.rows.map((r) => r.dealId))].join(",")}}`}::int[])
          group by 1`,
      )
    : [];
  const competitorsOf = new Map(mentions.map((m) => [m.key, m.names.join(", ")]));
  const t = commentCsvMessages[locale];
  const csv = toCsv<CommentRow>(
    page.rows,
    [
      { header: t.deal, value: "dealId" },
      { header: t.title, value: "dealTitle" },
      { header: t.outcome, value: "outcome" },
      { header: t.createdAt, value: (r) => r.createdAt },
      { header: t.author, value: (r) => r.authorName ?? r.authorId },
      { header: t.manager, value: "managerName" },
      { header: t.lostAtStage, value: "lostAtStageName" },
      { header: t.reason, value: (r) => r.reasonLabel ?? t.noReason },
      { header: moneyHeader(t.amount, currency), value: "amount" },
      { header: t.themes, value: (r) => r.themeIds.map((id) => themeNames.get(id) ?? id).join(", ") },
      { header: t.competitors, value: (r) => competitorsOf.get(r.key) ?? "" },
      { header: t.comment, value: "text" },
      { header: t.link, value: "bitrixUrl" },
    ],
    { separator: csvSeparator(locale) },
  );
  return { csv, rows: page.rows.length, total: page.total };
}
