/**
 * Words of hand tag corrections and competitor proposals (issue #15 parts 3–5): the theme chips on /comments
 * (evidence on hover, × and "+ тема"), the correction counts and proposals on /themes. Its own section, so it
 * merges beside the comments and themes sections other work edits.
 */
import type { Locale } from "@/lib/i18n/config";

type Forms = readonly [one: string, few: string, many: string];

/** "14 упоминаний": the plural form for n (Russian one/few/many; English one/other), with n already formatted. */
function plural(locale: Locale, n: number, formatted: string, forms: Forms): string {
  const rule = new Intl.PluralRules(locale).select(n);
  const form = rule === "one" ? forms[0] : rule === "few" ? forms[1] : forms[2];
  return form.replace("{n}", formatted);
}

export const tagCorrectionMessages = {
  ru: {
    evidence: (words: string) => `Почему эта тема: «${words}»`,
    evidenceKeywords: "Почему эта тема: совпало с ключевыми словами темы",
    handAdded: "Тема добавлена вручную",
    handMark: "вручную",
    remove: (theme: string) => `Убрать тему «${theme}»`,
    add: "+ тема",
    addLabel: "Добавить тему к комментарию",
    failed: "Не удалось сохранить",
    // Themes page: corrections per theme.
    corrections: "Правки тегов вручную",
    correctionsHelp:
      "Сколько раз директор или администратор добавил или снял тему с комментария (в проигранных сделках на экране). Точность разметки считается по комментариям, которые кто-то правил: снятая тема — ложное срабатывание, добавленная — пропуск.",
    theme: "Тема",
    added: "Добавлено",
    removed: "Снято",
    precision: "Точность",
    recall: "Полнота",
    checked: "Проверено комментариев",
    noCorrections: "Теги пока никто не правил.",
    // Themes page: unknown competitors.
    proposals: "Возможные конкуренты",
    proposalsHelp: (minDeals: string) =>
      `Названия компаний и продуктов, которые встречаются в комментариях к проигранным сделкам (не меньше чем в ${minDeals} сделках), но не входят в список конкурентов.`,
    proposal: (locale: Locale, name: string, mentions: [number, string], deals: [number, string]) =>
      `${name}: ${plural(locale, mentions[0], mentions[1], ["{n} упоминание", "{n} упоминания", "{n} упоминаний"])} в ${plural(locale, deals[0], deals[1], ["{n} сделке", "{n} сделках", "{n} сделках"])} — добавить как конкурента?`,
    addCompetitor: "Добавить",
    dismiss: "Не конкурент",
    addedCompetitor: "Добавлен, комментарии размечены заново",
    dismissed: "Больше не предлагаем",
    noProposals: "Новых названий не найдено.",
    example: "Пример",
  },
  en: {
    evidence: (words: string) => `Why this theme: “${words}”`,
    evidenceKeywords: "Why this theme: matched the theme's keywords",
    handAdded: "Theme added by hand",
    handMark: "by hand",
    remove: (theme: string) => `Remove theme “${theme}”`,
    add: "+ theme",
    addLabel: "Add a theme to the comment",
    failed: "Could not save",
    corrections: "Tags corrected by hand",
    correctionsHelp:
      "How often a director or admin added a theme to a comment or removed one (lost deals in view). The tagging's precision is measured on the comments someone corrected: a removed theme is a false positive, an added one a miss.",
    theme: "Theme",
    added: "Added",
    removed: "Removed",
    precision: "Precision",
    recall: "Recall",
    checked: "Comments checked",
    noCorrections: "No tag has been corrected yet.",
    proposals: "Possible competitors",
    proposalsHelp: (minDeals: string) =>
      `Company and product names that recur in lost deals' comments (in at least ${minDeals} deals) but are not in the competitor list.`,
    proposal: (locale: Locale, name: string, mentions: [number, string], deals: [number, string]) =>
      `${name}: ${plural(locale, mentions[0], mentions[1], ["{n} mention", "{n} mentions", "{n} mentions"])} in ${plural(locale, deals[0], deals[1], ["{n} deal", "{n} deals", "{n} deals"])} — add as a competitor?`,
    addCompetitor: "Add",
    dismiss: "Not a competitor",
    addedCompetitor: "Added; comments re-tagged",
    dismissed: "Will not be proposed again",
    noProposals: "No new names found.",
    example: "Example",
  },
} as const;

export type TagCorrectionText = (typeof tagCorrectionMessages)["ru" | "en"];
/** The chip words a client component receives (functions cannot cross to the browser). */
export type ChipText = Pick<TagCorrectionText, "handMark" | "add" | "addLabel" | "failed">;
