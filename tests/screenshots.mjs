#!/usr/bin/env node
// `npm run screenshots`: refreshes the README pictures in docs/screenshots. The e2e specs that take them run
// against a fresh production build; `npm test` writes the same pictures to e2e/artifacts and leaves docs alone.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
process.chdir(root);
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", README_SCREENSHOTS: "1" };
const step = (cmd, args) => {
  const res = spawnSync(cmd, args, { stdio: "inherit", env });
  if (res.status !== 0) process.exit(res.status ?? 1);
};
step(process.execPath, ["node_modules/next/dist/bin/next", "build"]);
fs.rmSync("data/e2e", { recursive: true, force: true });
fs.mkdirSync("e2e/artifacts", { recursive: true });
step(path.join(root, "node_modules", ".bin", "playwright"), [
  "test",
  "e2e/reports.spec.ts",
  "e2e/comments.spec.ts",
  "e2e/share.spec.ts",
]);
console.log("README screenshots refreshed in docs/screenshots: look at them before committing.");
