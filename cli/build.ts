// When `npm start` (and the scripted cluster) must build the app first: no build yet, or a source changed after it.
import fs from "node:fs";
import path from "node:path";

/** Newest modification time under `p` (node_modules and dot-entries skipped); 0 when it does not exist. */
function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(p)) {
    if (entry === "node_modules" || entry.startsWith(".")) continue;
    newest = Math.max(newest, newestMtime(path.join(p, entry)));
  }
  return newest;
}

const SOURCES = ["app", "components", "lib", "db", "next.config.ts", "package-lock.json"];

/** A build is needed when there is none, or a source changed after it. */
export function needsBuild(root = process.cwd()): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) return true;
  const built = fs.statSync(buildId).mtimeMs;
  return SOURCES.some((s) => newestMtime(path.join(root, s)) > built);
}
