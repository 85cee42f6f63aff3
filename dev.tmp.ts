import { readFileSync } from "node:fs";
import { benchTagger, readLabelled } from "./tests/bench/themes-eval";
const all = readLabelled();
const tagger = benchTagger(all);
let ok = 0, n = 0;
for (const line of readFileSync("tests/bench/themes-dev.txt", "utf8").split("\n")) {
  if (!line.trim() || line.startsWith("#")) continue;
  const [th, comp, ...rest] = line.split("|").map((s) => s.trim());
  const text = rest.join("|");
  const want = (th ?? "").split(",").map((s) => s.trim()).filter(Boolean).sort().join(",");
  const r = tagger(text);
  const got = r.themes.map((t) => t.key).sort().join(",");
  n++;
  if (got === want) { ok++; continue; }
  console.log(`${text}\n  want ${want}\n  got  ${r.themes.map((t) => `${t.key}(${t.evidence.join("|")})`).join(", ")} [${r.competitors.map((c) => c.name).join(",")}]`);
}
console.log(ok, "/", n);
