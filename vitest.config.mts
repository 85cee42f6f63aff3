import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname, "."),
      // Server-only modules are imported directly by tests, which run on the server side.
      "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    environment: "node",
    include: ["tests/**/*.test.{ts,tsx}"],
    globalSetup: ["tests/helpers/global-setup.ts"],
    // With LOSSLENS_SQL_CAPTURE=<file>, records the SQL sent to Postgres for the tenant-query check (docs/scaling.md).
    setupFiles: ["tests/helpers/sql-capture.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration files each create their own database; two cores, so keep parallelism modest.
    maxWorkers: 2,
  },
});
