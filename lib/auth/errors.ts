/**
 * One table: error code → HTTP status → what the user is told (ru/en). Raw error text (SQL, stack traces)
 * never leaves the server: it is logged, and the person sees the message from this table.
 */
export const APP_ERRORS = {
  UNAUTHENTICATED: { status: 401, ru: "Войдите, чтобы продолжить", en: "Sign in to continue" },
  FORBIDDEN: { status: 403, ru: "Недостаточно прав", en: "You do not have access" },
  VALIDATION: { status: 400, ru: "Проверьте введённые данные", en: "Check the values you entered" },
  RATE_LIMITED: {
    status: 429,
    ru: "Слишком много неудачных попыток входа. Подождите несколько минут и попробуйте снова",
    en: "Too many failed sign-in attempts. Wait a few minutes and try again",
  },
  CROSS_SITE: {
    status: 403,
    ru: "Запрос отправлен с другого сайта и отклонён. Откройте страницу LossLens и повторите действие",
    en: "The request came from another site and was refused. Open the LossLens page and try again",
  },
  NOT_FOUND: { status: 404, ru: "Не найдено", en: "Not found" },
  CONFLICT: { status: 409, ru: "Такая запись уже есть", en: "That already exists" },
  INTERNAL: {
    status: 500,
    ru: "Что-то пошло не так, попробуйте ещё раз",
    en: "Something went wrong, try again",
  },
} as const;

export type AppErrorCode = keyof typeof APP_ERRORS;
export type UiLocale = "ru" | "en";
export interface PublicMessage {
  ru: string;
  en: string;
}

/**
 * An expected failure with a code. `publicMessage` is authored text meant for the user (never an error's own
 * message); without it the table's message is shown.
 */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    readonly publicMessage?: PublicMessage,
  ) {
    super(code);
    this.name = "AppError";
  }
}

export function errorMessage(code: AppErrorCode, locale: UiLocale): string {
  return APP_ERRORS[code][locale];
}

export function errorStatus(code: AppErrorCode): number {
  return APP_ERRORS[code].status;
}

/** Postgres unique violation (23505), whether thrown by node-postgres/PGlite directly or wrapped by Drizzle. */
export function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    if (typeof e === "object" && "code" in e && (e as { code: unknown }).code === "23505") return true;
    e = typeof e === "object" && "cause" in e ? (e as { cause: unknown }).cause : null;
  }
  return false;
}
