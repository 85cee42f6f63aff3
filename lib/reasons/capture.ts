/**
 * Loss capture quality (docs/metrics.md): how well a lost deal's reason was recorded. Each part is one condition
 * on a lost deal's facts row (alias `f`), shared by the managers' figures and the drill-down behind them, so a
 * count always equals the deals its link opens.
 */
import { type SQL, sql } from "drizzle-orm";

export const CAPTURE_PARTS = ["no_reason", "generic", "no_comment", "contradicts"] as const;
export type CapturePart = (typeof CAPTURE_PARTS)[number];

/** The canonical reason's theme of the deal `f` (null when the reason has none or is not specified). */
const reasonTheme = sql`(select r.theme_id from loss_reasons r
  where r.portal_id = f.portal_id and f.reason_key = 'r:' || r.id)`;

/** A lost deal `f` has this capture problem. */
export function captureSql(part: CapturePart): SQL {
  switch (part) {
    // Bitrix24 holds no reason at all: no failure stage or field value to read.
    case "no_reason":
      return sql`(f.outcome = 'lost' and f.raw_reason_key is null)`;
    // A raw reason that says nothing (a generic failure stage such as «Сделка провалена»): not specified.
    case "generic":
      return sql`(f.outcome = 'lost' and f.raw_reason_key is not null and f.reason_key is null)`;
    case "no_comment":
      return sql`(f.outcome = 'lost' and not f.has_comment)`;
    // The comments carry themes, and not the theme of the recorded reason.
    case "contradicts":
      return sql`(f.outcome = 'lost' and ${reasonTheme} is not null
        and exists (select 1 from comment_themes ct where ct.portal_id = f.portal_id and ct.deal_id = f.deal_id)
        and not exists (select 1 from comment_themes ct where ct.portal_id = f.portal_id and ct.deal_id = f.deal_id
          and ct.theme_id = ${reasonTheme}))`;
  }
}

/** A lost deal `f` with none of the problems: a specific reason, a comment, and no contradiction. */
export const capturedWellSql = sql`(f.outcome = 'lost' and not (${sql.join(
  CAPTURE_PARTS.map(captureSql),
  sql` or `,
)}))`;
