/**
 * Summarises a V8 CPU profile (`npm run bench:load -- --cpu-prof DIR` writes one for the server): the top functions
 * by self time and by total time, and self time per package / module, as shares of the profile's busy time.
 *
 *   npx tsx scripts/bench-load/profile.ts DIR/CPU….cpuprofile [--top 25]
 */
import fs from "node:fs";
import { parseArgs } from "node:util";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives: the npm package (`next`, `react-dom`…), an app chunk, node internals, or V8. */
export function moduleOf(url: string): string {
  if (!url) return "(v8/native)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] ?? url;
  if (url.startsWith("node:")) return url;
  const chunk = /\.next[^/]*\/server\/(.*)$/.exec(url);
  if (chunk) return `app: ${chunk[1]}`;
  return url.replace(/^file:\/\//, "");
}

const label = (n: ProfileNode) =>
  `${n.callFrame.functionName || "(anonymous)"} ${moduleOf(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;

function selfTimes(p: Profile): Map<number, number> {
  const self = new Map<number, number>();
  for (const [i, id] of p.samples.entries()) self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0));
  return self;
}

/** Total time per label: each node's subtree, counting a label once per stack (recursion is not double counted). */
function totalTimes(p: Profile, self: Map<number, number>): Map<string, number> {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  const walk = (id: number, onStack: Set<string>): number => {
    const n = byId.get(id);
    if (!n) return 0;
    const l = label(n);
    const fresh = !onStack.has(l);
    if (fresh) onStack.add(l);
    let t = self.get(id) ?? 0;
    for (const c of n.children ?? []) t += walk(c, onStack);
    if (fresh) {
      onStack.delete(l);
      totals.set(l, (totals.get(l) ?? 0) + t);
    }
    return t;
  };
  const root = p.nodes[0];
  if (root) walk(root.id, new Set());
  return totals;
}

function top(m: Map<string, number>, n: number, busy: number): string[] {
  return [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(
      ([k, us]) =>
        `${((100 * us) / busy).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`,
    );
}

export function summarise(p: Profile, n = 25): string {
  const self = selfTimes(p);
  const byId = new Map(p.nodes.map((x) => [x.id, x]));
  const idle = new Set(["(idle)", "(program)", "(garbage collector)"]);
  let busy = 0;
  const selfByLabel = new Map<string, number>();
  const selfByModule = new Map<string, number>();
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (!node) continue;
    const name = node.callFrame.functionName;
    if (name !== "(idle)") busy += us;
    const l = idle.has(name) ? name : label(node);
    selfByLabel.set(l, (selfByLabel.get(l) ?? 0) + us);
    const mod = idle.has(name) ? name : moduleOf(node.callFrame.url);
    selfByModule.set(mod, (selfByModule.get(mod) ?? 0) + us);
  }
  return [
    `busy ${(busy / 1000).toFixed(0)} ms (idle excluded)`,
    "",
    "self time by module:",
    ...top(selfByModule, n, busy),
    "",
    "self time by function:",
    ...top(selfByLabel, n, busy),
    "",
    "total time by function:",
    ...top(totalTimes(p, self), n, busy),
  ].join("\n");
}

if (process.argv[1]?.endsWith("profile.ts")) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: "string", default: "25" } },
  });
  const file = positionals[0];
  if (!file) throw new Error("usage: profile.ts FILE.cpuprofile [--top 25]");
  console.log(summarise(JSON.parse(fs.readFileSync(file, "utf8")) as Profile, Number(values.top)));
}
