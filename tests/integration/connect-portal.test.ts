import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { portals } from "@/db/schema";
import { type EmulatorHandle, startEmulator } from "@/emulator/server";
import { connectWebhookPortal } from "@/lib/portals";
import { goldenPortal } from "../helpers/golden-portal";
import { createTestDb, type TestDb } from "../helpers/test-db";

process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret";

describe("connecting a portal by webhook: nothing is saved until it works", () => {
  let t: TestDb;
  let emu: EmulatorHandle;
  let crmOnly: EmulatorHandle;
  let freePlan: EmulatorHandle;
  beforeAll(async () => {
    t = await createTestDb();
    const golden = goldenPortal();
    emu = await startEmulator({ snapshot: golden, port: 0, limits: { enabled: false } });
    crmOnly = await startEmulator({
      snapshot: { ...golden, portal: { ...golden.portal, scopes: ["crm"] } },
      port: 0,
      limits: { enabled: false },
    });
    freePlan = await startEmulator({
      snapshot: { ...golden, portal: { ...golden.portal, plan: "free" as "basic" } },
      port: 0,
      limits: { enabled: false },
    });
  });
  afterAll(async () => {
    await Promise.all([emu?.close(), crmOnly?.close(), freePlan?.close()]);
    await t?.destroy();
  });

  it.each([
    ["a malformed URL", () => "https://golden.bitrix24.ru/crm/", "INVALID_URL"],
    ["a wrong secret", () => emu.webhookUrl.replace("goldensecret0001", "wrongsecret9999"), "WRONG_SECRET"],
    ["a missing scope", () => crmOnly.webhookUrl, "MISSING_SCOPE"],
    ["REST off on the plan", () => freePlan.webhookUrl, "REST_UNAVAILABLE"],
    ["an unreachable portal", () => "http://127.0.0.1:9/rest/1/goldensecret0001/", "UNREACHABLE"],
  ])("%s → %s", async (_label, url, code) => {
    await expect(connectWebhookPortal(t.db, url())).rejects.toMatchObject({ code });
    expect(await t.db.select().from(portals)).toHaveLength(0);
  });

  it("a working webhook is saved with its secret encrypted and masked", async () => {
    const portal = await connectWebhookPortal(t.db, emu.webhookUrl);
    expect(portal.timezoneOffset).toBe("+03:00");
    expect(portal.credentialsEnc).not.toContain("goldensecret0001");
    expect(portal.credentialsHint).not.toContain("goldensecret0001");
  });
});
