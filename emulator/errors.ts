/** REST error envelope `{error, error_description}` with its HTTP status (bitrix24-api.md §1.5). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly description: string,
  ) {
    super(`${code}: ${description}`);
  }
}

export const errors = {
  noAuth: () => new ApiError(401, "NO_AUTH_FOUND", "Wrong authorization data"),
  expiredToken: () => new ApiError(401, "expired_token", "The access token provided has expired."),
  wrongAuthType: () =>
    new ApiError(401, "WRONG_AUTH_TYPE", "Current authorization type is denied for this method"),
  insufficientScope: () =>
    new ApiError(
      403,
      "insufficient_scope",
      "The request requires higher privileges than provided by the access token",
    ),
  commercialOnly: () => new ApiError(403, "ACCESS_DENIED", "REST API is available only on commercial plans"),
  methodNotFound: () => new ApiError(404, "ERROR_METHOD_NOT_FOUND", "Method not found!"),
  batchNotAllowed: () =>
    new ApiError(405, "ERROR_BATCH_METHOD_NOT_ALLOWED", "Method is not allowed for batch usage"),
  batchLength: () => new ApiError(400, "ERROR_BATCH_LENGTH_EXCEEDED", "Max batch length exceeded"),
  operationLimit: () =>
    new ApiError(429, "OPERATION_TIME_LIMIT", "Method is blocked due to operation time limit."),
  queryLimit: () => new ApiError(503, "QUERY_LIMIT_EXCEEDED", "Too many requests"),
  /** CRM legacy validation: empty-string error code. */
  crm: (description: string) => new ApiError(400, "", description),
  invalidArg: (description: string) => new ApiError(400, "INVALID_ARG_VALUE", description),
  eventNotFound: () => new ApiError(400, "ERROR_EVENT_NOT_FOUND", "Event not found"),
};
