import { defineConfig } from "drizzle-kit";
import { acquireDataDirLock } from "./db/lock";

const url = process.env.DATABASE_URL;
const pgliteDir = process.env.PGLITE_DIR ?? "./data/pglite";

// `generate` needs no database; every command that opens the PGlite dir must hold its lock first (G5).
if (!url && !process.argv.includes("generate")) acquireDataDirLock(pgliteDir, "drizzle-kit");

export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
  casing: "snake_case",
  ...(url ? { dbCredentials: { url } } : { driver: "pglite", dbCredentials: { url: pgliteDir } }),
});
