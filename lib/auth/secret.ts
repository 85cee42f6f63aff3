/**
 * The key that signs session JWTs. AUTH_SECRET wins; without it (a bare `next start`, the e2e server) one is
 * generated once into ./data/auth-secret — the same file `npm start` (cli/env.ts) uses — so restarts keep
 * sessions valid. Node-only (proxy.ts runs on the Node.js runtime in Next 16).
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

let cached: string | undefined;

export function authSecret(): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  if (cached) return cached;
  const dir = path.join(/*turbopackIgnore: true*/ process.cwd(), "data");
  const file = path.join(dir, "auth-secret");
  fs.mkdirSync(dir, { recursive: true });
  try {
    fs.writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  cached = fs.readFileSync(file, "utf8").trim();
  // lib/crypto.ts derives the credential key from the same variable.
  process.env.AUTH_SECRET = cached;
  return cached;
}
