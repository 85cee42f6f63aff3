/**
 * What a viewer may read, decided before any analytics call (lib/auth) and applied inside the SQL of every
 * query (lib/analytics): one portal, and for a manager only the deals assigned to their Bitrix24 user.
 */
export interface DataScope {
  portalId: number;
  /** Bitrix24 user ids whose deals are visible; null = every manager (director, admin). */
  managerIds: number[] | null;
}
