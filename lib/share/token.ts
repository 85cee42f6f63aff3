/**
 * Share-link tokens: 32 random bytes (256 bits) as base64url, shown once to the creator. Only the SHA-256 of a
 * token is stored, so a leaked database does not leak working links, and a lookup by hash needs no
 * constant-time compare (the attacker does not control the hash they would be timing).
 */
import { createHash, randomBytes } from "node:crypto";

export const TOKEN_BYTES = 32;
/** base64url of 32 bytes, no padding. */
const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

export function generateShareToken(): string {
  return randomBytes(TOKEN_BYTES).toString("base64url");
}

export function hashShareToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Anything else is answered 404 without touching the database. */
export function isWellFormedToken(token: string): boolean {
  return TOKEN_RE.test(token);
}
