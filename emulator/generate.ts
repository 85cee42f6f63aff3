/**
 * Writes a synthetic portal snapshot folder:
 *   tsx emulator/generate.ts --seed 42 --deals 20000 --out DIR [--now 2026-11-01T12:00:00+03:00] [--lean]
 * Prints generation/write time and peak memory. For 1M deals give Node more heap:
 *   NODE_OPTIONS=--max-old-space-size=6144 tsx emulator/generate.ts --deals 1000000 --out DIR
 */
import { parseArgs } from "node:util";
import { DEFAULT_NOW, generatePortal } from "./generator";
import { SNAPSHOT_METHODS, writeSnapshot } from "./snapshot";

function mb(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MB`;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      seed: { type: "string", default: "42" },
      deals: { type: "string", default: "20000" },
      out: { type: "string" },
      now: { type: "string", default: DEFAULT_NOW },
      lean: { type: "boolean", default: false },
    },
  });
  const seed = Number(values.seed);
  const deals = Number(values.deals);
  if (!Number.isInteger(seed) || !Number.isInteger(deals) || deals < 0) {
    console.error("usage: tsx emulator/generate.ts --seed N --deals N --out DIR [--now ISO]");
    process.exit(2);
  }
  const t0 = performance.now();
  const snapshot = generatePortal({ seed, deals, now: values.now, lean: values.lean });
  const t1 = performance.now();
  const mem = process.memoryUsage();
  console.log(`generated ${deals} deals (seed ${seed}) in ${((t1 - t0) / 1000).toFixed(1)} s`);
  console.log(`heap used ${mb(mem.heapUsed)}, rss ${mb(mem.rss)}`);
  for (const method of SNAPSHOT_METHODS) console.log(`  ${method}: ${snapshot.lists[method].length}`);
  if (values.out) {
    writeSnapshot(values.out, snapshot);
    console.log(`wrote ${values.out} in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
  }
  console.log(`peak rss ${mb(process.resourceUsage().maxRSS * 1024)}`);
}

main();
