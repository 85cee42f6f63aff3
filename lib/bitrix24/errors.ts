/**
 * Every documented Bitrix24 error (bitrix24-api.md §1.5) plus the transport failures we see in practice,
 * with whether a retry can help and what the admin is told (ru/en).
 */
export type Bitrix24ErrorCode =
  | "QUERY_LIMIT_EXCEEDED"
  | "OPERATION_TIME_LIMIT"
  | "OVERLOAD_LIMIT"
  | "NO_AUTH_FOUND"
  | "INVALID_CREDENTIALS"
  | "expired_token"
  | "invalid_token"
  | "insufficient_scope"
  | "ACCESS_DENIED"
  | "user_access_error"
  | "ERROR_METHOD_NOT_FOUND"
  | "ERROR_BATCH_LENGTH_EXCEEDED"
  | "ERROR_BATCH_METHOD_NOT_ALLOWED"
  | "INVALID_ARG_VALUE"
  | "INVALID_REQUEST"
  | "NOT_FOUND"
  | "INTERNAL_SERVER_ERROR"
  | "ERROR_UNEXPECTED_ANSWER"
  | "PORTAL_DELETED"
  | "CRM_VALIDATION"
  | "NETWORK"
  | "NON_JSON"
  | "HTTP_ERROR"
  | "UNKNOWN";

interface ErrorInfo {
  retryable: boolean;
  ru: string;
  en: string;
}

const INFO: Record<Bitrix24ErrorCode, ErrorInfo> = {
  QUERY_LIMIT_EXCEEDED: {
    retryable: true,
    ru: "Портал ограничил частоту запросов",
    en: "The portal rate-limited us",
  },
  OPERATION_TIME_LIMIT: {
    retryable: true,
    ru: "Исчерпан лимит времени выполнения метода",
    en: "The method's operating-time limit is exhausted",
  },
  OVERLOAD_LIMIT: {
    retryable: true,
    ru: "REST API портала заблокирован из-за перегрузки",
    en: "The portal's REST API is blocked due to overload",
  },
  NO_AUTH_FOUND: {
    retryable: false,
    ru: "Неверный адрес вебхука или секретный код",
    en: "Wrong webhook address or secret",
  },
  INVALID_CREDENTIALS: {
    retryable: false,
    ru: "У пользователя вебхука нет прав на эти данные",
    en: "The webhook's user lacks rights to this data",
  },
  expired_token: { retryable: false, ru: "Срок действия токена истёк", en: "The access token expired" },
  invalid_token: { retryable: false, ru: "Недействительный токен доступа", en: "Invalid access token" },
  insufficient_scope: {
    retryable: false,
    ru: "У вебхука не хватает прав (scope): нужны crm, user, department",
    en: "The webhook lacks a scope: crm, user and department are needed",
  },
  ACCESS_DENIED: {
    retryable: false,
    ru: "REST API недоступен на тарифе портала",
    en: "REST API is not available on the portal's plan",
  },
  user_access_error: {
    retryable: false,
    ru: "Приложение доступно не всем пользователям",
    en: "The app is restricted to some users",
  },
  ERROR_METHOD_NOT_FOUND: { retryable: false, ru: "Метод не найден", en: "Method not found" },
  ERROR_BATCH_LENGTH_EXCEEDED: {
    retryable: false,
    ru: "Слишком много команд в пакете",
    en: "Too many batch commands",
  },
  ERROR_BATCH_METHOD_NOT_ALLOWED: {
    retryable: false,
    ru: "Метод нельзя вызывать в пакете",
    en: "Method not allowed in batch",
  },
  INVALID_ARG_VALUE: { retryable: false, ru: "Неверный параметр запроса", en: "Invalid request argument" },
  INVALID_REQUEST: { retryable: false, ru: "Портал требует HTTPS", en: "The portal requires HTTPS" },
  NOT_FOUND: { retryable: false, ru: "Не найдено", en: "Not found" },
  INTERNAL_SERVER_ERROR: { retryable: true, ru: "Внутренняя ошибка портала", en: "Portal internal error" },
  ERROR_UNEXPECTED_ANSWER: {
    retryable: true,
    ru: "Неожиданный ответ портала",
    en: "Unexpected portal answer",
  },
  PORTAL_DELETED: { retryable: false, ru: "Портал удалён", en: "The portal was deleted" },
  CRM_VALIDATION: { retryable: false, ru: "Портал отклонил запрос", en: "The portal rejected the request" },
  NETWORK: { retryable: true, ru: "Портал недоступен по сети", en: "The portal is unreachable" },
  NON_JSON: { retryable: true, ru: "Портал ответил не JSON", en: "The portal answered with non-JSON" },
  HTTP_ERROR: {
    retryable: true,
    ru: "Ошибка HTTP при обращении к порталу",
    en: "HTTP error from the portal",
  },
  UNKNOWN: { retryable: false, ru: "Неизвестная ошибка портала", en: "Unknown portal error" },
};

export class Bitrix24Error extends Error {
  readonly retryable: boolean;
  constructor(
    readonly code: Bitrix24ErrorCode,
    readonly status: number,
    readonly description: string,
    readonly method?: string,
  ) {
    super(`Bitrix24 ${method ?? ""} ${status} ${code}: ${description}`.replace(/\s+/g, " "));
    this.name = "Bitrix24Error";
    this.retryable = INFO[code].retryable || (code === "HTTP_ERROR" && status >= 500);
  }

  /** What an admin is told, without the raw portal text. */
  userMessage(locale: "ru" | "en"): string {
    return INFO[this.code][locale];
  }
}

export function toErrorCode(error: string, status: number): Bitrix24ErrorCode {
  if (error === "") return "CRM_VALIDATION";
  if (error in INFO) return error as Bitrix24ErrorCode;
  const upper = error.toUpperCase();
  if (upper in INFO) return upper as Bitrix24ErrorCode;
  return status >= 500 ? "HTTP_ERROR" : "UNKNOWN";
}

/** A command that failed inside a batch (result_error), as the typed error a single call would have thrown. */
export function batchCommandError(
  method: string,
  err: { error: string; error_description?: string },
): Bitrix24Error {
  return new Bitrix24Error(toErrorCode(err.error, 0), 0, err.error_description ?? "", method);
}
