import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { type DbHandle, openDatabase } from "@/db";
import { stopJobQueue } from "@/lib/jobs/queue";

export interface TestDb extends DbHandle {
  /** Connection string of the per-file database (undefined on PGlite). */
  url?: string;
  /** Closes the handle and drops the database. */
  destroy(): Promise<void>;
}

function withDatabase(serverUrl: string, database: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin(serverUrl: string, statement: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database of its own for one test file: real Postgres when reachable, else PGlite. */
export async function createTestDb(kind: "auto" | "pglite" = "auto"): Promise<TestDb> {
  const serverUrl = kind === "auto" ? inject("pgServerUrl") : null;
  if (!serverUrl) {
    const handle = await openDatabase({ dataDir: "memory://", quiet: true });
    return {
      ...handle,
      destroy: async () => {
        await stopJobQueue(handle, 5_000);
        await handle.close();
      },
    };
  }
  const name = `losslens_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  await admin(serverUrl, `create database ${name}`);
  const url = withDatabase(serverUrl, name);
  const handle = await openDatabase({ url, quiet: true });
  return {
    ...handle,
    url,
    destroy: async () => {
      await stopJobQueue(handle, 5_000);
      await handle.close();
      await admin(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
}
