/**
 * Secrets at rest (portal credentials, event tokens): AES-256-GCM with a key derived from AUTH_SECRET by HKDF.
 * Format: "v1.<iv>.<tag>.<ciphertext>", base64url parts. Never sent to the browser.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

function key(secret = process.env.AUTH_SECRET): Buffer {
  if (!secret || secret.length < 16)
    throw new Error("AUTH_SECRET is not set (or shorter than 16 characters)");
  return Buffer.from(hkdfSync("sha256", secret, "losslens", "portal-credentials/v1", 32));
}

export function encryptSecret(plain: string, secret?: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(secret), iv);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), data]
    .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
    .join(".");
}

export function decryptSecret(sealed: string, secret?: string): string {
  const [version, iv, tag, data] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || data === undefined)
    throw new Error("unreadable secret (unknown format)");
  const decipher = createDecipheriv("aes-256-gcm", key(secret), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
}
