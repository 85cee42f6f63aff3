/**
 * Vitest setup file: with LOSSLENS_SQL_CAPTURE=<file>, every distinct statement text sent through node-postgres is
 * appended to <file> as a JSON line with its first parameters (short scalars only), for the tenant-query check
 * (scripts/check-tenant-queries.ts). Off, it does nothing.
 */
import fs from "node:fs";
import pg from "pg";

const file = process.env.LOSSLENS_SQL_CAPTURE;
const marker = Symbol.for("losslens.sqlCapture");
const proto = pg.Client.prototype as unknown as Record<PropertyKey, unknown> & {
  query: (...args: unknown[]) => unknown;
};

/** Parameters as the checker needs them: short scalars; anything else a placeholder unique to its position. */
function scalars(values: unknown): unknown[] {
  if (!Array.isArray(values)) return [];
  return values.map((v, i) =>
    typeof v === "number" || typeof v === "boolean" || (typeof v === "string" && v.length <= 64)
      ? v
      : `<$${i + 1}>`,
  );
}

/** The product or test file that sent the statement (best effort, from the stack), for the check's report. */
function origin(): string | undefined {
  const frames = new Error().stack?.split("\n") ?? [];
  const root = `${process.cwd()}/`;
  const own = frames.find(
    (f) => f.includes(root) && !f.includes("node_modules") && !f.includes("sql-capture"),
  );
  return own?.slice(own.indexOf(root) + root.length).replace(/\)$/, "");
}

if (file && !proto[marker]) {
  proto[marker] = true;
  const seen = new Map<string, number>();
  const original = proto.query;
  proto.query = function capture(this: unknown, ...args: unknown[]) {
    const [config, values] = args;
    const text = typeof config === "string" ? config : (config as { text?: unknown } | null)?.text;
    if (typeof text === "string") {
      const n = seen.get(text) ?? 0;
      // A few parameter sets per statement: the check wants each to hold.
      if (n < 3) {
        seen.set(text, n + 1);
        const params = scalars(Array.isArray(values) ? values : (config as { values?: unknown })?.values);
        fs.appendFileSync(file, `${JSON.stringify({ text, params, origin: origin() })}\n`);
      }
    }
    return original.apply(this, args);
  };
}
