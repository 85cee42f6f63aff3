import type { SQL } from "drizzle-orm";
import type { Database } from "./index";

/** A transaction of the database (what `db.transaction(async (tx) => …)` hands its callback). */
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
/** The database or one of its transactions: what a query that may run inside a transaction takes. */
export type DbOrTx = Database | Transaction;

/** Raw SQL rows: node-postgres and PGlite both return `{ rows }`, but Drizzle's generic result type hides it. */
export async function queryRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** Postgres int[] literal bound as one parameter (drizzle would expand a JS array into a list of binds). */
export const intArray = (ids: readonly number[]) => `{${ids.map((n) => Math.trunc(n)).join(",")}}`;

/** Postgres text[] literal bound as one parameter. */
export const textArray = (xs: readonly string[]) =>
  `{${xs.map((x) => `"${x.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`).join(",")}}`;
