/** Limits shared by the share dialog (client) and lib/share/links.ts (server). */
export const DEFAULT_EXPIRY_DAYS = 30;
export const MAX_EXPIRY_DAYS = 365;
export const LABEL_MAX = 120;
