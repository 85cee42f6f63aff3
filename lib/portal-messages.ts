/** What an admin is told when connecting a portal fails (shared by the server action and the form). */
export type ConnectErrorCode =
  | "INVALID_URL"
  | "UNREACHABLE"
  | "WRONG_SECRET"
  | "MISSING_SCOPE"
  | "REST_UNAVAILABLE"
  | "PORTAL_ERROR";

export const CONNECT_MESSAGES: Record<ConnectErrorCode, { ru: string; en: string }> = {
  INVALID_URL: {
    ru: "Это не адрес входящего вебхука. Ожидается https://<портал>/rest/<ID пользователя>/<секрет>/",
    en: "Not an incoming-webhook URL. Expected https://<portal>/rest/<user id>/<secret>/",
  },
  UNREACHABLE: {
    ru: "Портал недоступен: проверьте адрес и сеть",
    en: "The portal is unreachable: check the address and network",
  },
  WRONG_SECRET: {
    ru: "Портал отклонил вебхук: неверный секрет или ID пользователя",
    en: "The portal rejected the webhook: wrong secret or user id",
  },
  MISSING_SCOPE: { ru: "У вебхука не хватает прав", en: "The webhook lacks scopes" },
  REST_UNAVAILABLE: {
    ru: "REST API недоступен на тарифе портала",
    en: "REST API is not available on the portal's plan",
  },
  PORTAL_ERROR: { ru: "Портал ответил ошибкой", en: "The portal answered with an error" },
};
