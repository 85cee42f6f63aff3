import type { SQL } from "drizzle-orm";
import type { Database } from "./index";

/** Raw SQL rows: node-postgres and PGlite both return `{ rows }`, but Drizzle's generic result type hides it. */
export async function queryRows<T>(db: Database, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
