/**
 * `npm start` must not die with EADDRINUSE when the demo portal's port is taken (issue 13, item 20): the demo
 * portal takes a free port, and on the next start the stored webhook URL follows it.
 */
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { portals } from "@/db/schema";
import { listDemoLogins } from "@/lib/auth/demo-users";
import { findByEmail, setDisabled, setPassword } from "@/lib/auth/users";
import { decryptSecret } from "@/lib/crypto";
import { createTestDb, type TestDb } from "../helpers/test-db";

process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret";

describe("demo portal when its port is busy", () => {
  let t: TestDb;
  let squatter: net.Server;
  let busyPort = 0;
  const saved = { ...process.env };

  beforeAll(async () => {
    t = await createTestDb();
    squatter = net.createServer();
    await new Promise<void>((r) => squatter.listen(0, "127.0.0.1", r));
    busyPort = (squatter.address() as net.AddressInfo).port;
    Object.assign(process.env, { LOSSLENS_DEMO_PORT: String(busyPort), LOSSLENS_DEMO_DEALS: "200" });
    delete process.env.LOSSLENS_DEMO;
  });
  afterAll(async () => {
    process.env = saved;
    squatter?.close();
    await t?.destroy();
  });

  it("starts on a free port, syncs, and re-points the stored webhook on the next start", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      const { prepareDemo } = await import("@/cli/demo");
      const first = await prepareDemo(t);
      expect(first).not.toBeNull();
      await first?.stop();
      const second = await prepareDemo(t);
      await second?.stop();
      expect(log.mock.calls.some((c) => String(c[0]).includes(`port ${busyPort} is in use`))).toBe(true);
    } finally {
      log.mockRestore();
    }
    const [portal] = await t.db.select().from(portals);
    const creds = JSON.parse(decryptSecret(portal?.credentialsEnc ?? "")) as { url: string };
    expect(new URL(creds.url).port).not.toBe(String(busyPort));
    expect(portal?.isDemo).toBe(true);
  });

  it("the sign-in page lists the demo logins whose documented password still works, in demo mode only", async () => {
    const logins = await listDemoLogins(t.db);
    expect(logins.map((l) => [l.email, l.password, l.role])).toEqual([
      ["admin@demo.losslens", "demo-admin", "admin"],
      ["director@demo.losslens", "demo-director", "director"],
      ["manager1@demo.losslens", "demo-manager", "manager"],
      ["manager2@demo.losslens", "demo-manager", "manager"],
    ]);
    const director = await findByEmail(t.db, "director@demo.losslens");
    await setPassword(t.db, director?.id ?? 0, "changed-by-the-admin");
    const manager2 = await findByEmail(t.db, "manager2@demo.losslens");
    await setDisabled(t.db, manager2?.id ?? 0, true);
    expect((await listDemoLogins(t.db)).map((l) => l.email)).toEqual([
      "admin@demo.losslens",
      "manager1@demo.losslens",
    ]);
    await t.db.update(portals).set({ isDemo: false });
    expect(await listDemoLogins(t.db)).toEqual([]);
  });
});
