/**
 * Demo mode for `npm start`: when no portal is connected (or LOSSLENS_DEMO=1), start the Bitrix24 emulator with
 * the synthetic demo portal, connect it by its webhook URL and run a full sync through the same client and sync
 * code a real portal uses. With the demo portal already connected, restart its emulator and sync incrementally.
 */
import { eq } from "drizzle-orm";
import type { DbHandle } from "../db";
import { portals } from "../db/schema";
import { generatePortal } from "../emulator/generator";
import { startEmulator } from "../emulator/server";
import { type DemoLogin, seedDemoUsers } from "../lib/auth/demo-users";
import { connectWebhookPortal, repointWebhookPortal, setEventToken } from "../lib/portals";
import { runSync } from "../lib/sync/run";

export interface DemoSession {
  printLogins(): void;
  stop(): Promise<void>;
}

const DEMO_SEED = Number(process.env.LOSSLENS_DEMO_SEED ?? 42);
const DEMO_DEALS = Number(process.env.LOSSLENS_DEMO_DEALS ?? 10_000);
/** The demo portal's usual port; when another program holds it, any free port (the stored URL follows). */
const DEMO_PORT = Number(process.env.LOSSLENS_DEMO_PORT ?? 4500);

async function startDemoEmulator(snapshot: ReturnType<typeof generatePortal>) {
  const opts = { snapshot, limits: { enabled: false } };
  try {
    return await startEmulator({ ...opts, port: DEMO_PORT });
  } catch (err) {
    if ((err as { code?: string }).code !== "EADDRINUSE") throw err;
    console.log(`[demo] port ${DEMO_PORT} is in use: the demo portal takes a free port instead`);
    return startEmulator({ ...opts, port: 0 });
  }
}

export async function prepareDemo(handle: DbHandle): Promise<DemoSession | null> {
  if (process.env.LOSSLENS_DEMO === "0") return null;
  const existing = await handle.db.select().from(portals);
  const demoPortal = existing.find((p) => p.isDemo);
  if (existing.length > 0 && !demoPortal && process.env.LOSSLENS_DEMO !== "1") return null;

  const started = Date.now();
  const snapshot = generatePortal({ seed: DEMO_SEED, deals: DEMO_DEALS });
  // The demo portal lives on this machine: no rate limits to sit out on first start.
  const emulator = await startDemoEmulator(snapshot);
  console.log(
    `[demo] Bitrix24 demo portal (${DEMO_DEALS} deals, seed ${DEMO_SEED}) at ${emulator.url} in ${((Date.now() - started) / 1000).toFixed(1)}s`,
  );
  const portal = demoPortal ?? (await connectWebhookPortal(handle.db, emulator.webhookUrl, { isDemo: true }));
  if (demoPortal) await repointWebhookPortal(handle.db, demoPortal.id, emulator.webhookUrl);
  if (!demoPortal) {
    await handle.db
      .update(portals)
      .set({
        domain: snapshot.portal.domain,
        settings: { lossReasonSource: "field_then_stage", lossReasonField: demoReasonField(snapshot) },
      })
      .where(eq(portals.id, portal.id));
  }
  // Outgoing events from the demo portal reach the server like a real portal's outgoing webhook would.
  await setEventToken(handle.db, portal.id, snapshot.portal.applicationToken, snapshot.portal.memberId);
  const eventsUrl = `http://127.0.0.1:${process.env.PORT ?? 3000}/api/bitrix24/events`;
  for (const event of ["ONCRMDEALADD", "ONCRMDEALUPDATE", "ONCRMDEALDELETE", "ONCRMTIMELINECOMMENTADD"]) {
    emulator.control.addWebhookHandler(event, eventsUrl);
  }
  const summary = await runSync(handle, portal.id, {
    mode: demoPortal ? "incremental" : "full",
    trigger: "demo",
    onProgress: (entity, p) => {
      if (p.pages === 1 || p.pages % 10 === 0)
        console.log(`[demo] sync ${entity}: ${p.rows}${p.total ? `/${p.total}` : ""} rows`);
    },
  });
  console.log(
    `[demo] ${summary.mode} sync done in ${(summary.durationMs / 1000).toFixed(1)}s, ${summary.apiCalls} API calls`,
  );
  // The demo's data ends at the generator's "now": the server reads reports as of that day, so the default
  // period ("last 90 days") shows a full quarter however long after that date someone tries the demo.
  process.env.LOSSLENS_NOW ||= String(snapshot.portal.now);
  console.log(
    `[demo] reports as of ${process.env.LOSSLENS_NOW} (the demo data's "today"; set LOSSLENS_NOW to change)`,
  );
  // A director, two managers linked to the busiest Bitrix24 users, and an admin: every role is one login away.
  const logins = await seedDemoUsers(handle.db, portal.id);
  return {
    printLogins() {
      printDemoLogins(logins);
    },
    stop: () => emulator.close(),
  };
}

/** The generated portal's enumeration user field titled as the loss reason. */
function demoReasonField(snapshot: ReturnType<typeof generatePortal>): string | null {
  const field = snapshot.lists["crm.deal.userfield.list"].find((f) => f.USER_TYPE_ID === "enumeration");
  return typeof field?.FIELD_NAME === "string" ? field.FIELD_NAME : null;
}

function printDemoLogins(logins: DemoLogin[]) {
  const width = Math.max(...logins.map((l) => l.email.length));
  console.log("[demo] sign in with:");
  for (const l of logins)
    console.log(`[demo]   ${l.email.padEnd(width)}  ${l.password.padEnd(14)}  ${l.role}`);
}
