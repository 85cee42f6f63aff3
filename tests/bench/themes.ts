// `npm run bench:themes`: the theme tagger (lib/themes/tagger) measured on the labelled loss comments of
//   ../shared/data/loss-comments (README there): per-theme precision / recall / F1 / support, macro- and
//   micro-F1, competitor-name precision / recall, for the TUNING part (id % 3 ≠ 0, 200 comments: the rules were
//   written and tuned against these) and the HELD-OUT part (id % 3 = 0, 100 comments: not looked at while
//   tuning), then the speed on one core and the projected time to re-tag 1M comments.
//   --errors tuning|heldout|invented prints that part's misses (expected vs got, with the evidence).
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import {
  benchTagger,
  evaluate,
  type Labelled,
  readInvented,
  readLabelled,
  type Score,
  score,
} from "./themes-eval";

const { values } = parseArgs({ options: { errors: { type: "string" } } });
const all = readLabelled();
const tagger = benchTagger(all);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(6);
const num = (x: number) => x.toFixed(3);

function print(title: string, s: Score) {
  console.log(`\n${title} — ${s.n} comments`);
  console.log("theme            precision  recall    F1    support   tp  fp  fn");
  for (const t of s.themes)
    console.log(
      `${t.key.padEnd(16)} ${pct(t.precision)}    ${pct(t.recall)}  ${num(t.f1)}  ${String(t.support).padStart(5)}   ${String(t.tp).padStart(3)} ${String(t.fp).padStart(3)} ${String(t.fn).padStart(3)}`,
    );
  console.log(`macro-F1 ${num(s.macroF1)}   micro-F1 ${num(s.microF1)}`);
  console.log(
    `competitor names: precision ${pct(s.names.precision)}, recall ${pct(s.names.recall)} (tp ${s.names.tp}, fp ${s.names.fp}, fn ${s.names.fn}); ` +
      `the product's seven: precision ${pct(s.seven.precision)}, recall ${pct(s.seven.recall)}`,
  );
}

function printErrors(part: "tuning" | "heldout" | "invented") {
  const items = part === "invented" ? readInvented() : evaluate(all, part, tagger).items;
  const results = items.map((c) => tagger(c.text));
  items.forEach((c: Labelled, i) => {
    const r = results[i];
    if (!r) return;
    const got = r.themes.map((t) => t.key).sort();
    const names = r.competitors.map((x) => x.name).sort();
    if (got.join() === [...c.themes].sort().join() && names.join() === [...c.competitors].sort().join())
      return;
    console.log(`#${c.id} ${c.text}\n   want ${c.themes.sort().join(",")} [${c.competitors.join(",")}]`);
    console.log(
      `   got  ${r.themes.map((t) => `${t.key}(${t.evidence.join(" | ")})`).join(", ")} [${names.join(",")}]`,
    );
  });
}

console.log("Split: held out = id % 3 = 0 (100 comments); tuning = the other 200.");
print("TUNING part (id % 3 ≠ 0)", evaluate(all, "tuning", tagger).score);
print("HELD-OUT part (id % 3 = 0)", evaluate(all, "heldout", tagger).score);
const invented = readInvented();
const inventedScore = score(
  invented,
  invented.map((c) => tagger(c.text)),
);
console.log(
  `\nInvented examples (tests/bench/themes-dev.txt, ${invented.length}; the rules were fixed against them too): macro-F1 ${num(inventedScore.macroF1)}, micro-F1 ${num(inventedScore.microF1)}`,
);

// Speed: the whole set over and over for about two seconds, on this one thread.
const texts = all.map((c) => c.text);
let n = 0;
const t0 = performance.now();
while (performance.now() - t0 < 2000)
  for (const t of texts) {
    tagger(t);
    n += 1;
  }
const perSec = n / ((performance.now() - t0) / 1000);
console.log(
  `\nspeed: ${Math.round(perSec).toLocaleString("en")} comments/s on one core; re-tagging 1M comments ≈ ${(1e6 / perSec).toFixed(0)} s of tagging (plus reading and writing rows)`,
);
if (values.errors === "tuning" || values.errors === "heldout" || values.errors === "invented")
  printErrors(values.errors);
