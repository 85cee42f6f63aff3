import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db";
import { dealFacts, portals } from "@/db/schema";
import { type EmulatorHandle, startEmulator } from "@/emulator/server";
import { decryptSecret, encryptSecret } from "@/lib/crypto";
import { clientForPortal, connectOAuthPortal } from "@/lib/portals";
import { runSync } from "@/lib/sync/run";
import { goldenPortal } from "../helpers/golden-portal";
import { createTestDb, type TestDb } from "../helpers/test-db";

process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret";

describe("OAuth app portals", () => {
  let t: TestDb;
  let emu: EmulatorHandle;
  beforeAll(async () => {
    t = await createTestDb();
    emu = await startEmulator({ snapshot: goldenPortal(), port: 0, limits: { enabled: false } });
  });
  afterAll(async () => {
    await emu?.close();
    await t?.destroy();
  });

  /** Lets the stored access token expire; the refresh token stays valid. */
  async function expireAccessToken(portal: typeof portals.$inferSelect) {
    const creds = JSON.parse(decryptSecret(portal.credentialsEnc));
    const expired = emu.issueOAuthToken({ expiresInSec: -60 });
    await t.db
      .update(portals)
      .set({ credentialsEnc: encryptSecret(JSON.stringify({ ...creds, accessToken: expired })) })
      .where(eq(portals.id, portal.id));
    return { creds, expired };
  }

  it("connects with an authorization code, refreshes an expired token once, stores the new tokens and syncs", async () => {
    const app = { clientId: "local.test.app", clientSecret: "app-secret-123", oauthServer: emu.url };
    const portal = await connectOAuthPortal(t.db, app, emu.issueAuthCode(), "golden.bitrix24.ru");
    expect(portal.authType).toBe("oauth");
    expect(portal.credentialsEnc).not.toContain("app-secret-123");
    expect(portal.memberId).toBe("golden-member");

    const { creds, expired } = await expireAccessToken(portal);

    const summary = await runSync(t, portal.id, { mode: "full" });
    expect(summary.quarantined).toBe(0);
    expect(await t.db.select().from(dealFacts)).toHaveLength(9);

    const [after] = await t.db.select().from(portals).where(eq(portals.id, portal.id));
    const stored = JSON.parse(decryptSecret(after!.credentialsEnc));
    expect(stored.accessToken).not.toBe(expired);
    expect(stored.refreshToken).not.toBe(creds.refreshToken);
    // The old refresh token was spent: a second refresh with it would fail, so the new one had to be saved.
    const reuse = await fetch(
      `${emu.url}/oauth/token/?grant_type=refresh_token&refresh_token=${creds.refreshToken}`,
    );
    expect(reuse.status).toBe(400);
  });

  it("two processes whose token expired refresh it once between them, and both go on", async () => {
    const app = { clientId: "local.test.app", clientSecret: "app-secret-123", oauthServer: emu.url };
    const portal = await connectOAuthPortal(t.db, app, emu.issueAuthCode(), "twice.bitrix24.ru");
    const { expired } = await expireAccessToken(portal);
    const [row] = await t.db.select().from(portals).where(eq(portals.id, portal.id));
    // Two instances, each with the expired token in memory: their refreshes meet on the portal's row.
    const other = await openDatabase({
      url: t.url,
      dataDir: t.url ? undefined : "memory://",
      quiet: true,
      migrate: false,
    });
    try {
      const a = clientForPortal(row!, { db: t.db });
      const b = clientForPortal(row!, { db: t.url ? other.db : t.db });
      const [pa, pb] = await Promise.all([a.call("profile"), b.call("profile")]);
      expect(pa).toBeTruthy();
      expect(pb).toBeTruthy();
    } finally {
      await other.close();
    }
    const [after] = await t.db.select().from(portals).where(eq(portals.id, portal.id));
    const stored = JSON.parse(decryptSecret(after!.credentialsEnc));
    expect(stored.accessToken).not.toBe(expired);
    // The refresh token stored is the live one: it can be spent once more.
    const live = await fetch(
      `${emu.url}/oauth/token/?grant_type=refresh_token&refresh_token=${stored.refreshToken}&client_id=${app.clientId}&client_secret=${app.clientSecret}`,
    );
    expect(live.status).toBe(200);
  });

  it("refuses a spent or unknown authorization code with a typed error", async () => {
    const app = { clientId: "local.test.app", clientSecret: "x", oauthServer: emu.url };
    await expect(connectOAuthPortal(t.db, app, "not-a-code", "other.bitrix24.ru")).rejects.toMatchObject({
      name: "Bitrix24Error",
      status: 400,
    });
  });
});
