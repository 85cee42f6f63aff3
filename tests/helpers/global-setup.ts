import pg from "pg";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** Postgres server URL to create per-file test databases in; null → tests fall back to PGlite. */
    pgServerUrl: string | null;
  }
}

export const DEFAULT_TEST_SERVER = "postgres://postgres@127.0.0.1:5432/postgres";

export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL || DEFAULT_TEST_SERVER;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const res = await client.query<{ v: string }>("select current_setting('server_version') as v");
    console.log(`[tests] integration tests use real Postgres ${res.rows[0]?.v} at ${new URL(url).host}`);
    project.provide("pgServerUrl", url);
  } catch (err) {
    const line = "!".repeat(78);
    console.warn(
      `\n${line}\n[tests] NO POSTGRES reachable at ${url} (${(err as Error).message}).\n` +
        "[tests] Integration tests FALL BACK TO PGlite. Set TEST_DATABASE_URL to test on real Postgres.\n" +
        `${line}\n`,
    );
    project.provide("pgServerUrl", null);
  } finally {
    await client.end().catch(() => {});
  }
}
