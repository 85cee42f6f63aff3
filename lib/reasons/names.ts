/**
 * Reason names, pure: the normal form two raw reasons share when they mean the same ("Дорого", "дорого!",
 * "ДОРОГО" in another pipeline), and the generic failure names that say nothing about why («Сделка провалена»,
 * "Deal lost") — LossLens' first mapping counts those as "not specified" (docs/metrics.md).
 */

/** Lower case, ё → е, punctuation and repeated spaces gone. */
export function normaliseReasonName(name: string): string {
  return name
    .toLowerCase()
    .replace(/ё/g, "е")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Normal forms of the generic failure names of Bitrix24 portals (its defaults, and what admins rename them to). */
const GENERIC = new Set(
  [
    "Сделка провалена",
    "Провалена",
    "Провал",
    "Проиграна",
    "Сделка проиграна",
    "Проигрыш",
    "Закрыто и не реализовано",
    "Закрыта и не реализована",
    "Не реализовано",
    "Нереализовано",
    "Не реализована",
    "Неуспешно",
    "Неуспешная сделка",
    "Сделка не состоялась",
    "Отказ",
    "Отказ клиента",
    "Клиент отказался",
    "Закрыто",
    "Закрыта",
    "Закрыто неуспешно",
    "Потеряна",
    "Сделка потеряна",
    "Анализ причины провала",
    "Deal lost",
    "Lost",
    "Closed lost",
    "Closed - lost",
    "Failed",
    "Deal failed",
    "Junk",
  ].map(normaliseReasonName),
);

export function isGenericReasonName(name: string): boolean {
  return GENERIC.has(normaliseReasonName(name));
}
