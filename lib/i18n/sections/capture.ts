/** Loss capture quality (lib/analytics/capture.ts): the Managers report's table and the /me card. */
import { formatInt } from "@/lib/format";
import type { CapturePart } from "@/lib/reasons/capture";
import type { Locale } from "../config";

/** "of 40 lost deals" in the reader's language: Russian takes the genitive singular after 1, 21, 31… */
function ofLost(lost: number, locale: Locale): string {
  const one = new Intl.PluralRules(locale).select(lost) === "one";
  if (locale === "ru")
    return `из ${formatInt(lost, locale)} ${one ? "проигранной сделки" : "проигранных сделок"}`;
  return `of ${formatInt(lost, locale)} lost ${one ? "deal" : "deals"}`;
}

export const captureMessages = {
  ru: {
    title: "Качество фиксации отказов",
    help:
      "Доля проигранных сделок менеджера, где отказ записан хорошо: указана конкретная причина (не пусто и не " +
      "общая стадия вроде «Сделка провалена»), есть комментарий, и комментарий не противоречит причине. У одной " +
      "сделки может быть несколько проблем сразу, поэтому части не складываются в недостающие проценты. Каждое " +
      "число открывает сделки за ним.",
    quality: "Качество фиксации",
    lost: "Проиграно",
    count: "сделок",
    share: "доля",
    parts: {
      no_reason: "Без причины",
      generic: "Общая причина",
      no_comment: "Без комментария",
      contradicts: "Комментарий против причины",
    } satisfies Record<CapturePart, string>,
    partHelp: {
      no_reason: "В Битрикс24 у сделки нет ни стадии провала, ни значения поля причины.",
      generic: "Причина ничего не говорит: общая стадия провала вроде «Сделка провалена» («не указана»).",
      no_comment: "У проигранной сделки нет ни одного комментария.",
      contradicts:
        "Комментарии говорят о темах, но не о теме записанной причины (например, причина «Дорого», а в " +
        "комментарии — конкурент).",
    } satisfies Record<CapturePart, string>,
    teamMedian: "Медиана команды",
    total: "Вся команда",
    noManager: "Без ответственного",
    mine: "Моё качество фиксации",
    myTeamMedian: "медиана команды",
    myHelp:
      "Доля ваших проигранных сделок с конкретной причиной, комментарием и без противоречия между ними.",
    noLost: "В этом периоде нет проигранных сделок.",
    allGood: "Все проигранные сделки зафиксированы хорошо — так держать.",
    openDeals: "открыть сделки",
    several: "У одной сделки может быть несколько проблем сразу.",
    /** The drill-down's slice in words (d_capture). */
    slice: {
      ok: "отказ записан хорошо",
      no_reason: "без причины",
      generic: "общая причина",
      no_comment: "без комментария",
      contradicts: "комментарий против причины",
    } satisfies Record<CapturePart | "ok", string>,
    advice: {
      no_reason: (n: number, lost: number) =>
        `${formatInt(n, "ru")} ${ofLost(lost, "ru")} закрыты без причины — указывайте причину отказа при закрытии сделки.`,
      generic: (n: number, lost: number) =>
        `${formatInt(n, "ru")} ${ofLost(lost, "ru")} закрыты с общей причиной вроде «Сделка провалена» — выбирайте конкретную причину.`,
      no_comment: (n: number, lost: number) =>
        `${formatInt(n, "ru")} ${ofLost(lost, "ru")} без комментария — добавляйте комментарий при закрытии сделки.`,
      contradicts: (n: number, lost: number) =>
        `В ${formatInt(n, "ru")} ${ofLost(lost, "ru")} комментарий говорит о другом, чем причина — проверьте, та ли причина выбрана.`,
    } satisfies Record<CapturePart, (n: number, lost: number) => string>,
  },
  en: {
    title: "Loss capture quality",
    help:
      "The share of a manager's lost deals recorded well: a specific reason (not empty and not a generic failure " +
      "stage such as 'Deal lost'), a comment, and a comment that does not contradict the reason. One deal can " +
      "have several problems, so the parts do not add up to the missing share. Every number opens the deals " +
      "behind it.",
    quality: "Capture quality",
    lost: "Lost",
    count: "deals",
    share: "share",
    parts: {
      no_reason: "No reason",
      generic: "Generic reason",
      no_comment: "No comment",
      contradicts: "Comment contradicts reason",
    } satisfies Record<CapturePart, string>,
    partHelp: {
      no_reason: "Bitrix24 holds neither a failure stage nor a value of the reason field for the deal.",
      generic: "The reason says nothing: a generic failure stage such as 'Deal lost' (not specified).",
      no_comment: "The lost deal has no comment at all.",
      contradicts:
        "The comments name themes, but not the recorded reason's theme (say, the reason is 'Too expensive' and " +
        "the comment names a competitor).",
    } satisfies Record<CapturePart, string>,
    teamMedian: "Team median",
    total: "Whole team",
    noManager: "No responsible user",
    mine: "My loss capture quality",
    myTeamMedian: "team median",
    myHelp:
      "The share of your lost deals with a specific reason, a comment, and no contradiction between them.",
    noLost: "No lost deals in this period.",
    allGood: "Every lost deal is recorded well — keep it up.",
    openDeals: "open the deals",
    several: "One deal can have several problems.",
    slice: {
      ok: "loss recorded well",
      no_reason: "no reason",
      generic: "generic reason",
      no_comment: "no comment",
      contradicts: "comment contradicts reason",
    } satisfies Record<CapturePart | "ok", string>,
    advice: {
      no_reason: (n: number, lost: number) =>
        `${formatInt(n, "en")} ${ofLost(lost, "en")} were closed without a reason — record the reason when closing a deal.`,
      generic: (n: number, lost: number) =>
        `${formatInt(n, "en")} ${ofLost(lost, "en")} carry a generic reason such as 'Deal lost' — pick a specific reason.`,
      no_comment: (n: number, lost: number) =>
        `${formatInt(n, "en")} ${ofLost(lost, "en")} have no comment — add a comment when closing a deal.`,
      contradicts: (n: number, lost: number) =>
        `In ${formatInt(n, "en")} ${ofLost(lost, "en")} the comment says something else than the reason — check the reason you picked.`,
    } satisfies Record<CapturePart, (n: number, lost: number) => string>,
  },
} as const;

export type CaptureText = (typeof captureMessages)[Locale];
