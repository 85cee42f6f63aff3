/**
 * The query check of sharding by portal on Citus (docs/scaling.md): reads the SQL the integration tests sent
 * (tests/helpers/sql-capture.ts writes it when LOSSLENS_SQL_CAPTURE names a file) and fails when a statement joins
 * two tenant tables without a portal_id equality between them (scripts/tenant-query-rules.ts).
 *
 *   npx tsx scripts/check-tenant-queries.ts test-results/sql-capture.jsonl
 */
import fs from "node:fs";
import { type CapturedStatement, checkCapturedStatements } from "./tenant-query-rules";

/** The SQL comment that marks a statement breaking the rule on purpose (a test of the database's own guard). */
const DELIBERATE = "/* tenant-check: deliberate cross-portal statement */";

async function main() {
  const file = process.argv[2] ?? process.env.LOSSLENS_SQL_CAPTURE;
  if (!file || !fs.existsSync(file)) {
    console.error(
      `[tenant-queries] no captured SQL at ${file ?? "(none given)"}: run the tests with LOSSLENS_SQL_CAPTURE`,
    );
    process.exit(2);
  }
  const lines = fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as CapturedStatement)
    // A test that proves the database refuses a cross-portal row sends such a statement on purpose, marked so.
    .filter((s) => !s.text.includes(DELIBERATE));
  const { statements, unparsed, failed } = await checkCapturedStatements(lines);
  for (const f of failed) {
    console.log(`\n✗ ${f.origin ?? "(origin unknown)"}: ${f.text.replace(/\s+/g, " ").slice(0, 400)}`);
    for (const v of f.violations) console.log(`    ${v.left} ⋈ ${v.right} (${v.why}): no portal_id equality`);
  }
  console.log(
    `\n[tenant-queries] ${statements} distinct statements, ${failed.length} join tenant tables without portal_id` +
      (unparsed ? `, ${unparsed} not parsed` : ""),
  );
  if (statements === 0) {
    console.error("[tenant-queries] nothing was captured: the check proves nothing");
    process.exit(2);
  }
  process.exit(failed.length ? 1 : 0);
}

void main();
