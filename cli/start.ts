// `npm start`: build if needed, migrate, (demo: start the emulator portal and sync it), then serve.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { openDatabase } from "../db";
import { migrationStatus } from "../db/migrate";
import { prepareDemo } from "./demo";
import { ensureAuthSecret } from "./env";

const root = process.cwd();
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** A build is needed when there is none, or a source file changed after it. */
function needsBuild(): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) return true;
  const built = fs.statSync(buildId).mtimeMs;
  const sources = ["app", "components", "lib", "db", "next.config.ts", "package-lock.json"];
  return sources.some((s) => {
    const p = path.join(root, s);
    if (!fs.existsSync(p)) return false;
    return (fs.statSync(p).isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs) > built;
  });
}

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
