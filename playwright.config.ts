import { defineConfig } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3101);

export default defineConfig({
  testDir: "./e2e",
  outputDir: "./test-results/e2e",
  timeout: 60_000,
  workers: 1,
  reporter: [["list"], ["json", { outputFile: "test-results/playwright.json" }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: "chromium",
    headless: true,
    locale: "ru-RU",
    viewport: { width: 1280, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      // Without the background-networking flags Chromium keeps dialling out on this closed network.
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  webServer: {
    // Every run starts on an empty database, however it is started (npm test, test:e2e, one spec by hand): the
    // specs make what they need (e2e/support.ts), so none may find a previous run's users, portal or links.
    command: `node -e "fs.rmSync('data/e2e', { recursive: true, force: true })" && node node_modules/next/dist/bin/next start -p ${PORT} -H 127.0.0.1`,
    url: `http://127.0.0.1:${PORT}/api/health`,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    timeout: 120_000,
    // Its own PGlite dir (one process per dir, STACK.md G5), emptied by the command above.
    env: {
      NEXT_TELEMETRY_DISABLED: "1",
      // No scheduled sync: 15 minutes into a run it would sync the portal whose emulator the spec that connected it
      // has closed, and a later spec would read a failed run at the top of the sync history.
      LOSSLENS_SCHEDULER: "0",
      PGLITE_DIR: "data/e2e/pglite",
      DATABASE_URL: "",
      // Reports read the generated portal as of its own "today" (emulator DEFAULT_NOW): stable figures in any year.
      LOSSLENS_NOW: "2026-11-01T12:00:00+03:00",
    },
  },
});
