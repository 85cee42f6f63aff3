/**
 * Every documented Bitrix24 error (bitrix24-api.md §1.5) plus the transport failures we see in practice,
 * with whether a retry can help; what the admin is told lives in lib/i18n/sections/bitrix24.ts.
 */
import { bitrix24ErrorMessages } from "@/lib/i18n/sections/bitrix24";

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

/** Whether a retry can help. */
const RETRYABLE: Record<Bitrix24ErrorCode, boolean> = {
  QUERY_LIMIT_EXCEEDED: true,
  OPERATION_TIME_LIMIT: true,
  OVERLOAD_LIMIT: true,
  NO_AUTH_FOUND: false,
  INVALID_CREDENTIALS: false,
  expired_token: false,
  invalid_token: false,
  insufficient_scope: false,
  ACCESS_DENIED: false,
  user_access_error: false,
  ERROR_METHOD_NOT_FOUND: false,
  ERROR_BATCH_LENGTH_EXCEEDED: false,
  ERROR_BATCH_METHOD_NOT_ALLOWED: false,
  INVALID_ARG_VALUE: false,
  INVALID_REQUEST: false,
  NOT_FOUND: false,
  INTERNAL_SERVER_ERROR: true,
  ERROR_UNEXPECTED_ANSWER: true,
  PORTAL_DELETED: false,
  CRM_VALIDATION: false,
  NETWORK: true,
  NON_JSON: true,
  HTTP_ERROR: true,
  UNKNOWN: false,
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
    this.retryable = RETRYABLE[code] || (code === "HTTP_ERROR" && status >= 500);
  }

  /** What an admin is told, without the raw portal text. */
  userMessage(locale: "ru" | "en"): string {
    return bitrix24ErrorMessages[locale][this.code];
  }
}

export function toErrorCode(error: string, status: number): Bitrix24ErrorCode {
  if (error === "") return "CRM_VALIDATION";
  if (Object.hasOwn(RETRYABLE, error)) return error as Bitrix24ErrorCode;
  const upper = error.toUpperCase();
  if (Object.hasOwn(RETRYABLE, upper)) return upper as Bitrix24ErrorCode;
  return status >= 500 ? "HTTP_ERROR" : "UNKNOWN";
}

/** A command that failed inside a batch (result_error), as the typed error a single call would have thrown. */
export function batchCommandError(
  method: string,
  err: { error: string; error_description?: string },
): Bitrix24Error {
  return new Bitrix24Error(toErrorCode(err.error, 0), 0, err.error_description ?? "", method);
}
