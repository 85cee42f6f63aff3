// The rules of the code's shape (docs/architecture.md), checked on every run so that they stay true: which part may
// import which, where the read path resolves viewer → portal → scope, one home for URL state and for text, and
// the size limits that keep each file and function readable in one sitting.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const tracked = execFileSync("git", ["ls-files", "-co", "--exclude-standard"], {
  cwd: root,
  encoding: "utf8",
})
  .split("\n")
  .filter((f) => /\.(ts|tsx|mjs)$/.test(f) && fs.existsSync(path.join(root, f)));
const read = (f: string) => fs.readFileSync(path.join(root, f), "utf8");
const under = (...dirs: string[]) => tracked.filter((f) => dirs.some((d) => f.startsWith(`${d}/`)));

/** The product and its tools; tests, e2e and benchmarks are checked by their own review. */
const PRODUCT = tracked.filter(
  (f) =>
    /^(lib|components|app|emulator|cli|db)\//.test(f) &&
    !f.startsWith("db/migrations/") &&
    !f.endsWith(".d.ts"),
);

/** Data, not logic: message catalogues and phrase banks may be as long as their content. */
const DATA_FILES = new Set(["emulator/generator/banks.ts"]);
const isData = (f: string) =>
  DATA_FILES.has(f) || f.startsWith("lib/i18n/sections/") || f === "lib/i18n/messages.ts";

/** Every line of `files` that matches `re`, as "file:line: text". */
function offending(files: string[], re: RegExp): string[] {
  return files.flatMap((f) =>
    read(f)
      .split("\n")
      .flatMap((line, i) => (re.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
  );
}

describe("which part may import which", () => {
  it("components are presentational: no analytics, no database", () => {
    expect(offending(under("components"), /@\/lib\/analytics|from "@\/db"|ctx\.db\b/)).toEqual([]);
  });

  it("lib never imports components or app; components never import app", () => {
    expect(offending(under("lib"), /from "@\/(components|app)\//)).toEqual([]);
    expect(offending(under("components"), /from "@\/app\//)).toEqual([]);
  });

  it("the emulator imports nothing from the product, and the product never imports the emulator", () => {
    expect(
      offending(
        under("emulator"),
        /from "@\/(lib|db|components|app)\b|from "\.\.\/(lib|db|components|app)\//,
      ),
    ).toEqual([]);
    expect(offending(under("lib", "components", "app", "db"), /from "@\/emulator|\/emulator\//)).toEqual([]);
  });
});

describe("the read path", () => {
  it("only lib/reports/load.ts resolves viewer → portal → scope for a page, route or action", () => {
    const resolving = /\b(scopeFor|getReportPortal|buildReportContext|parseFilters)\(/;
    expect(offending(under("app", "components"), resolving)).toEqual([]);
  });

  it("report kinds are listed once, in the registry", () => {
    const list = /"overview",\s*"stages"/;
    expect(offending(tracked, list).filter((l) => !l.startsWith("lib/reports/registry.ts:"))).toEqual([]);
  });

  it("no transaction is cast to a database", () => {
    expect(offending(PRODUCT, /\b(tx|trx)\) as unknown as|\b(tx|trx) as unknown as/)).toEqual([]);
  });
});

describe("one home for URL state and for text", () => {
  it("URLs with query strings are built by lib/url-state, not by hand in pages and components", () => {
    const pages = under("app", "components").filter((f) => !f.startsWith("app/api/"));
    expect(offending(pages, /new URLSearchParams\(/)).toEqual([]);
  });

  it("domain code returns keys and numbers: no Russian/English prose switches outside lib/i18n", () => {
    // A ternary on the locale whose branch is Russian words is prose living in code (lib/format.ts formats).
    const code = under("lib", "components", "app").filter(
      (f) => !f.startsWith("lib/i18n/") && f !== "lib/format.ts",
    );
    expect(offending(code, /(\bru|=== "ru") \? [`"'][^`"']*[а-яё]/i)).toEqual([]);
  });

  it("numbers, money and dates are formatted only in lib/format.ts", () => {
    const code = under("lib", "components", "app").filter((f) => f !== "lib/format.ts");
    expect(
      offending(code, /Intl\.NumberFormat|Intl\.DateTimeFormat|toLocaleString\(|toLocaleDateString\(/),
    ).toEqual([]);
  });
});

describe("sizes a newcomer can read", () => {
  it("no product file over 300 lines (data files aside)", () => {
    const long = PRODUCT.filter((f) => !isData(f))
      .map((f) => [f, read(f).split("\n").length] as const)
      .filter(([, n]) => n > 300)
      .map(([f, n]) => `${f}: ${n} lines`);
    expect(long).toEqual([]);
  });

  it("no product function over 80 lines (data files aside)", () => {
    const long: string[] = [];
    for (const f of PRODUCT.filter((x) => !isData(x) && !x.endsWith(".mjs"))) {
      const src = ts.createSourceFile(
        f,
        read(f),
        ts.ScriptTarget.Latest,
        true,
        f.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
      );
      const visit = (n: ts.Node) => {
        if (ts.isFunctionLike(n) && "body" in n && n.body) {
          const from = src.getLineAndCharacterOfPosition(n.getStart()).line;
          const to = src.getLineAndCharacterOfPosition(n.getEnd()).line;
          if (to - from + 1 > 80) long.push(`${f}:${from + 1}: ${to - from + 1} lines`);
        }
        ts.forEachChild(n, visit);
      };
      visit(src);
    }
    expect(long).toEqual([]);
  });
});
