import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * AUTH_SECRET signs sessions and derives the key that encrypts portal credentials. When the operator sets none,
 * one is generated once and kept in ./data (mode 600), so restarts keep sessions and stored secrets readable.
 */
export function ensureAuthSecret(dataRoot = path.join(process.cwd(), "data")): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  const file = path.join(dataRoot, "auth-secret");
  fs.mkdirSync(dataRoot, { recursive: true });
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  const secret = fs.readFileSync(file, "utf8").trim();
  process.env.AUTH_SECRET = secret;
  return secret;
}
