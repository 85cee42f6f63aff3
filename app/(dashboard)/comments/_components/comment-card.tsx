import type { CommentRow } from "@/lib/comments/search";
import { formatDate, formatMoney } from "@/lib/format";
import type { Locale } from "@/lib/i18n/config";
import type { CommentsText } from "@/lib/i18n/sections/comments";
import { type ChipText, tagCorrectionMessages } from "@/lib/i18n/sections/tag-corrections";
import { dealDrillHref } from "@/lib/url-state/deals";
import type { Filters } from "@/lib/url-state/filters";
import { HighlightedText } from "./highlighted-text";
import { type Chip, ThemeChips } from "./theme-chips";

const OUTCOME_STYLE = {
  lost: "bg-red-50 text-red-700",
  won: "bg-green-50 text-green-700",
  open: "bg-gray-100 text-gray-600",
} as const;

/** The plain strings the chips need (the dictionary also holds functions, which cannot reach the browser). */
function chipText(locale: Locale): ChipText {
  const { handMark, add, addLabel, failed } = tagCorrectionMessages[locale];
  return { handMark, add, addLabel, failed };
}

/** Each theme's chip: its name and why the comment carries it (the tagger's words, its keywords, or a hand). */
function chipsOf(r: CommentRow, themeName: Map<number, string>, locale: Locale): Chip[] {
  const w = tagCorrectionMessages[locale];
  return r.themes.map((tag) => {
    const name = themeName.get(tag.id) ?? String(tag.id);
    return {
      id: tag.id,
      name,
      hand: tag.hand,
      description: tag.hand ? w.handAdded : tag.evidence ? w.evidence(tag.evidence) : w.evidenceKeywords,
      removeLabel: w.remove(name),
    };
  });
}

/** One comment: who wrote it when, its themes, the highlighted text, and its deal. */
export function CommentCard(props: {
  r: CommentRow;
  filters: Filters;
  themeName: Map<number, string>;
  /** The portal's enabled themes when the viewer may correct tags, else null. */
  enabledThemes: { id: number; name: string }[] | null;
  t: CommentsText;
  locale: Locale;
  currency: string;
  offset: string;
}) {
  const { r, t } = props;
  return (
    <li className="rounded-lg border border-gray-200 bg-white p-4 shadow-sm" data-key={r.key}>
      <div className="flex flex-wrap items-center gap-2 text-xs text-gray-500">
        <span className={`rounded px-1.5 py-0.5 font-medium ${OUTCOME_STYLE[r.outcome]}`}>
          {t.outcomeBadge[r.outcome]}
        </span>
        {r.createdAt && (
          <time dateTime={r.createdAt}>{formatDate(r.createdAt, props.locale, props.offset)}</time>
        )}
        <span>· {r.authorName ?? (r.authorId ? `#${r.authorId}` : "—")}</span>
        <span>· {t.sources[r.source]}</span>
        <ThemeChips
          commentKey={r.key}
          chips={chipsOf(r, props.themeName, props.locale)}
          options={props.enabledThemes?.filter((th) => !r.themeIds.includes(th.id)) ?? null}
          text={chipText(props.locale)}
        />
      </div>
      <p className="mt-2 whitespace-pre-line break-words text-gray-900" data-testid="comment-text">
        <HighlightedText segments={r.segments} />
      </p>
      <div className="mt-3 flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
        <a href={dealDrillHref(props.filters, r)} className="font-medium text-blue-700 hover:underline">
          {t.deal} #{r.dealId}: {r.dealTitle}
        </a>
        <span className="text-gray-600">{formatMoney(r.amount, props.locale, props.currency)}</span>
        {r.outcome === "lost" && (
          <>
            <span className="text-gray-600">
              {t.reason}: {r.reasonLabel ?? t.notSpecified}
            </span>
            <span className="text-gray-600">
              {t.lostAt}: {r.lostAtStageName ?? t.unknownStage}
            </span>
          </>
        )}
        {r.managerName && (
          <span className="text-gray-600">
            {t.manager}: {r.managerName}
          </span>
        )}
        {r.priorWin && (
          <span className="rounded bg-purple-50 px-1.5 py-0.5 text-xs text-purple-700">
            {t.priorWinBadge}
          </span>
        )}
        <a
          href={r.bitrixUrl}
          target="_blank"
          rel="noopener noreferrer"
          className="ml-auto text-xs text-gray-500 underline hover:text-gray-800"
        >
          {t.openBitrix} ↗
        </a>
      </div>
    </li>
  );
}
