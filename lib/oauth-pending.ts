/**
 * The OAuth connect flow spans a browser redirect: the admin's app credentials wait, encrypted, under a random
 * state (10 minutes) in the settings table until the portal redirects back with a code.
 */
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Database } from "@/db";
import { settings } from "@/db/schema";
import type { OAuthApp } from "@/lib/bitrix24/oauth";
import { decryptSecret, encryptSecret } from "@/lib/crypto";

const TTL_MS = 10 * 60_000;

interface Pending {
  domain: string;
  app: string;
  userId: number;
  expiresAt: number;
}

export async function savePendingOAuth(
  db: Database,
  domain: string,
  app: OAuthApp,
  userId: number,
): Promise<string> {
  const state = randomBytes(24).toString("base64url");
  const value: Pending = {
    domain,
    app: encryptSecret(JSON.stringify(app)),
    userId,
    expiresAt: Date.now() + TTL_MS,
  };
  await db.insert(settings).values({ key: `oauth:${state}`, value });
  return state;
}

/** Takes (and deletes) the pending flow for this state; null when unknown or expired. */
export async function takePendingOAuth(
  db: Database,
  state: string,
): Promise<{ domain: string; app: OAuthApp; userId: number } | null> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(state)) return null;
  const [row] = await db
    .delete(settings)
    .where(eq(settings.key, `oauth:${state}`))
    .returning();
  const pending = row?.value as Pending | undefined;
  if (!pending || pending.expiresAt < Date.now()) return null;
  return {
    domain: pending.domain,
    app: JSON.parse(decryptSecret(pending.app)) as OAuthApp,
    userId: pending.userId,
  };
}

/** Whether this state belongs to a pending connect flow (without taking it). */
export async function isPendingOAuth(db: Database, state: string): Promise<boolean> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(state)) return false;
  const [row] = await db
    .select({ key: settings.key })
    .from(settings)
    .where(eq(settings.key, `oauth:${state}`));
  return Boolean(row);
}
