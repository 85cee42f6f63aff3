/**
 * npm run emulator -- [--port 4500] [--host 127.0.0.1] [--seed 42 --deals 20000 [--now ISO]] [--snapshot DIR [--lean]]
 *                     [--no-limits] [--enterprise]
 * Serves a generated or stored portal snapshot until SIGINT/SIGTERM. Generated portals are built lean (constant
 * activity fields left out, merged back by the server) to keep 1M-deal portals in memory; `--lean` says a stored
 * snapshot was written by `generate.ts --lean`.
 */
import { parseArgs } from "node:util";
import { startEmulator } from "./server";
import { type PortalSnapshot, readSnapshot } from "./snapshot";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "4500" },
      host: { type: "string", default: "127.0.0.1" },
      seed: { type: "string", default: "42" },
      deals: { type: "string", default: "20000" },
      now: { type: "string" },
      snapshot: { type: "string" },
      lean: { type: "boolean", default: false },
      "no-limits": { type: "boolean", default: false },
      enterprise: { type: "boolean", default: false },
    },
    strict: true,
  });
  let snapshot: PortalSnapshot;
  let lean = values.lean;
  if (values.snapshot) {
    snapshot = readSnapshot(values.snapshot);
  } else {
    const { generatePortal } = await import("./generator");
    const t0 = Date.now();
    lean = true;
    snapshot = generatePortal({
      seed: Number(values.seed),
      deals: Number(values.deals),
      now: values.now,
      lean,
    });
    console.log(`generated seed=${values.seed} deals=${values.deals} in ${Date.now() - t0} ms`);
  }
  if (values.enterprise) snapshot.portal.plan = "enterprise";
  const emu = await startEmulator({
    snapshot,
    port: Number(values.port),
    host: values.host,
    limits: { enabled: !values["no-limits"] },
    lean,
  });
  for (const [method, rows] of Object.entries(snapshot.lists)) {
    if (rows.length) console.log(`  ${method.padEnd(28)} ${rows.length}`);
  }
  console.log(
    `plan=${snapshot.portal.plan} limits=${values["no-limits"] ? "off" : "on"} offset=${snapshot.portal.timezoneOffset}`,
  );
  console.log(`incoming webhook: ${emu.webhookUrl}`);
  console.log(`control API:      ${emu.url}/_emulator/`);
  const stop = () => {
    emu.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
