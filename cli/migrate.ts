// `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the PGlite dir when it is not set.
import { openDatabase } from "../db";
import { migrationStatus } from "../db/migrate";

async function main() {
  const handle = await openDatabase({ url: process.env.DATABASE_URL || undefined, purpose: "db:migrate" });
  const status = await migrationStatus(handle);
  console.log(`[db] ${status.applied} migrations applied, latest ${status.latest}`);
  await handle.close();
}

main().catch((err: unknown) => {
  console.error((err as Error).message);
  process.exit(1);
});
