#!/usr/bin/env node
// The one test command (`npm test`): lint, typecheck, unit + integration (Vitest, real Postgres), e2e
// (Playwright in Debian's Chromium). Ends with one plain line for the whole run: "N passed, N failed, N skipped".
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
process.chdir(root);
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", FORCE_COLOR: process.env.CI ? "0" : "1" };
const tally = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function run(label, cmd, args, extraEnv = {}) {
  console.log(`\n━━ ${label} ━━ ${[path.basename(cmd), ...args].join(" ")}`);
  const started = Date.now();
  const res = spawnSync(cmd, args, { stdio: "inherit", env: { ...env, ...extraEnv } });
  console.log(`━━ ${label}: exit ${res.status} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return res.status === 0;
}

function check(label, ok) {
  if (ok) tally.passed += 1;
  else {
    tally.failed += 1;
    failures.push(label);
  }
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

fs.rmSync("test-results", { recursive: true, force: true });
fs.mkdirSync("test-results", { recursive: true });

check("lint (biome)", run("lint", bin("biome"), ["check", "."]));
check("typecheck (tsc)", run("typecheck", bin("tsc"), ["--noEmit"]));

// Unit + integration tests: Vitest's JSON report gives the per-test counts. The SQL they send is captured for the
// tenant-query check below (sharding by portal on Citus, docs/scaling.md).
const sqlCapture = path.join("test-results", "sql-capture.jsonl");
const vitestOk = run(
  "unit + integration",
  bin("vitest"),
  ["run", "--reporter=default", "--reporter=json", "--outputFile.json=test-results/vitest.json"],
  { LOSSLENS_SQL_CAPTURE: path.resolve(sqlCapture) },
);
const vitest = readJson("test-results/vitest.json");
if (vitest) {
  tally.passed += vitest.numPassedTests;
  tally.failed += vitest.numFailedTests;
  tally.skipped += vitest.numPendingTests + vitest.numTodoTests;
  if (!vitestOk && vitest.numFailedTests === 0) check("vitest (suite errors)", false);
  else if (vitest.numFailedTests > 0) failures.push(`vitest: ${vitest.numFailedTests} failed`);
} else check("vitest (no report)", false);

// Every join between tenant tables in the captured SQL carries a portal_id equality.
check(
  "tenant queries (Citus)",
  run("tenant queries", bin("tsx"), ["scripts/check-tenant-queries.ts", sqlCapture]),
);

// End-to-end in a real Chromium against a production build.
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (process.env.SKIP_E2E === "1") {
  console.log("\n━━ e2e: SKIPPED (SKIP_E2E=1)");
  tally.skipped += 1;
} else if (!fs.existsSync(chromium)) {
  console.error(
    `\n━━ e2e: no Chromium at ${chromium}. Install it with: apt-get update && apt-get install -y chromium\n` +
      "   (or point CHROMIUM_PATH at a Chromium binary; SKIP_E2E=1 skips the e2e step).",
  );
  check("e2e (no chromium)", false);
} else if (!run("build", process.execPath, ["node_modules/next/dist/bin/next", "build"])) {
  check("next build", false);
} else {
  fs.rmSync("data/e2e", { recursive: true, force: true });
  fs.mkdirSync("e2e/artifacts", { recursive: true });
  const e2eOk = run("e2e", bin("playwright"), ["test"]);
  const report = readJson("test-results/playwright.json");
  if (report?.stats) {
    const { expected, unexpected, flaky, skipped } = report.stats;
    tally.passed += expected + flaky;
    tally.failed += unexpected;
    tally.skipped += skipped;
    if (unexpected > 0) failures.push(`e2e: ${unexpected} failed`);
    if (!e2eOk && unexpected === 0) check("e2e (runner error)", false);
  } else check("e2e (no report)", false);
}

if (failures.length) console.log(`\nFailed: ${failures.join("; ")}`);
console.log(
  `\n${tally.passed} passed, ${tally.failed} failed${tally.skipped ? `, ${tally.skipped} skipped` : ""}`,
);
process.exit(tally.failed > 0 ? 1 : 0);
