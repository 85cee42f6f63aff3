// `npm start`: build if needed, migrate, (demo: start the emulator portal and sync it), then serve.
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { openDatabase } from "../db";
import { migrationStatus } from "../db/migrate";
import { needsBuild } from "./build";
import { prepareDemo } from "./demo";
import { ensureAuthSecret } from "./env";

const root = process.cwd();
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");

async function main() {
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  ensureAuthSecret();
  if (needsBuild()) {
    console.log("[start] building the app (first start or sources changed)…");
    const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env: process.env });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }

  // Migrate before serving so a broken database fails here with a clear message, not on the first page view.
  const handle = await openDatabase({
    url: process.env.DATABASE_URL || undefined,
    purpose: "npm start (migrate)",
  });
  const status = await migrationStatus(handle);
  console.log(`[db] schema at ${status.latest} (${status.applied} migrations)`);
  const demo = await prepareDemo(handle);
  // PGlite allows one process per data dir: release it before the server opens it.
  await handle.close();

  const port = process.env.PORT ?? "3000";
  const server = spawn(process.execPath, [nextBin, "start", "-p", port], {
    stdio: "inherit",
    env: process.env,
  });
  console.log(`[start] LossLens on http://localhost:${port}`);
  demo?.printLogins();
  const stop = (signal: NodeJS.Signals) => {
    server.kill(signal);
    void demo?.stop();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  server.on("exit", (code) => {
    void demo?.stop();
    process.exit(code ?? 0);
  });
}

main().catch((err: unknown) => {
  console.error(`[start] ${(err as Error).message}`);
  process.exit(1);
});
