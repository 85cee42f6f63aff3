import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase } from "../db";
import { type EmulatorHandle, startEmulator } from "../emulator/server";
import { createUser } from "../lib/auth/users";
import { connectOAuthPortal } from "../lib/portals";
import { goldenPortal } from "../tests/helpers/golden-portal";

/**
 * A second `next start` of the same build on a throwaway Postgres database with an OAuth-connected emulator
 * portal and a director linked to the Bitrix24 user the emulator's authorize step vouches for (user 1): the
 * whole "Sign in with Bitrix24" flow in a browser (the shared e2e database must not gain an OAuth portal; see
 * e2e/bitrix24-signin.spec.ts, which does the same). Null when no Postgres is reachable.
 */
const PG_SERVER = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";

async function pgAdmin(statement: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_SERVER, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query(statement);
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export interface SecondServer {
  base: string;
  emulatorOrigin: string;
  stop(): Promise<void>;
}

export async function startSecondServer(port: number): Promise<SecondServer | null> {
  const dbName = `losslens_e2e_hostile_${randomBytes(4).toString("hex")}`;
  if (!(await pgAdmin(`create database ${dbName}`))) return null;
  const dbUrl = new URL(PG_SERVER);
  dbUrl.pathname = `/${dbName}`;
  // This runner encrypts the portal's credentials; the server it starts must hold the same key.
  const secret = randomBytes(32).toString("base64url");
  const runnerSecret = process.env.AUTH_SECRET;
  process.env.AUTH_SECRET = secret;
  const base = `http://127.0.0.1:${port}`;
  let emu: EmulatorHandle | undefined;
  let server: ChildProcess | undefined;
  const stop = async () => {
    server?.kill("SIGTERM");
    await emu?.close();
    await pgAdmin(`drop database if exists ${dbName} with (force)`);
    if (runnerSecret === undefined) delete process.env.AUTH_SECRET;
    else process.env.AUTH_SECRET = runnerSecret;
  };
  try {
    emu = await startEmulator({ snapshot: goldenPortal(), port: 0, limits: { enabled: false } });
    const handle = await openDatabase({ url: dbUrl.toString(), quiet: true });
    const app = { clientId: "local.e2e.hostile", clientSecret: "e2e-app-secret", oauthServer: emu.url };
    const portal = await connectOAuthPortal(handle.db, app, emu.issueAuthCode(), "golden.bitrix24.ru");
    await createUser(handle.db, {
      email: "hostile-b24@e2e.test",
      name: "Хостайл Битрикс",
      password: "hostile-b24-pass-1",
      role: "director",
      portalId: portal.id,
      b24UserId: 1,
    });
    await handle.close();
    server = spawn(
      process.execPath,
      ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"],
      {
        env: {
          ...process.env,
          DATABASE_URL: dbUrl.toString(),
          PGLITE_DIR: "",
          AUTH_SECRET: secret,
          NEXT_TELEMETRY_DISABLED: "1",
          LOSSLENS_SCHEDULER: "0",
        },
        stdio: "ignore",
      },
    );
    const deadline = Date.now() + 60_000;
    for (;;) {
      const status = (await fetch(`${base}/api/health`).catch(() => null))?.status;
      if (status === 200) break;
      if (Date.now() > deadline) throw new Error("second server did not start");
      await new Promise((r) => setTimeout(r, 250));
    }
    return { base, emulatorOrigin: new URL(emu.url).origin, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
