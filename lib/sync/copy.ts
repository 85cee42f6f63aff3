/**
 * `COPY … FROM STDIN` (text format) for a page of rows, on both databases: node-postgres through a small
 * submittable (the copy sub-protocol pg already speaks: CopyInResponse → CopyData → CopyDone; no pg-copy-streams
 * dependency for ~40 lines), PGlite through `COPY … FROM '/dev/blob'`. COPY has no ON CONFLICT, so callers use it
 * where the rows are known to be new (upsert.ts); the rest keep the INSERT … ON CONFLICT path.
 */
import type { DbOrTx } from "@/db";
import { needsStorable, storable } from "@/lib/bitrix24/storable";

/** A connection COPY can stream into, or null when this database object exposes none (use the insert path). */
type CopyTarget =
  | { kind: "pg"; client: { query(q: unknown): unknown } }
  | { kind: "pglite"; client: { query(q: string, p: unknown[], o: { blob: Blob }): Promise<unknown> } };

/**
 * The driver connection behind a Drizzle database or transaction: a node-postgres client (one connection, not
 * the pool: COPY must run on the transaction's own) or PGlite (the instance or its transaction).
 */
export function copyTarget(conn: DbOrTx): CopyTarget | null {
  // Drizzle keeps the driver object on its session; its public API has no COPY.
  const session = (conn as unknown as { session?: { client?: Record<string, unknown> } }).session;
  const client = session?.client;
  if (!client || typeof client.query !== "function") return null;
  if (client.connection) return { kind: "pg", client } as unknown as CopyTarget;
  if (typeof client.exec === "function") return { kind: "pglite", client } as unknown as CopyTarget;
  return null;
}

const SPECIAL = /[\\\n\r\t]/;
const SPECIAL_ALL = /[\\\n\r\t]/g;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** How a column's JS value is spelled: jsonb as JSON, a Postgres array as `{…}`, anything else as text. */
export type CopyKind = "json" | "array" | "plain";

export function copyKind(sqlType: string): CopyKind {
  if (sqlType.endsWith("[]")) return "array";
  return sqlType === "jsonb" || sqlType === "json" ? "json" : "plain";
}

const arrayElement = (v: unknown) =>
  v === null || v === undefined
    ? "NULL"
    : typeof v === "number"
      ? String(v)
      : `"${String(v).replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;

function field(value: unknown, kind: CopyKind): string {
  if (value === null || value === undefined) return "\\N";
  let s: string;
  if (kind === "array" && Array.isArray(value)) s = `{${value.map(arrayElement).join(",")}}`;
  else if (typeof value === "string" && kind !== "json") s = value;
  else if (value instanceof Date && kind !== "json") return value.toISOString();
  else if (typeof value === "boolean" && kind !== "json") return value ? "t" : "f";
  else if (typeof value === "number" && kind !== "json") return String(value);
  else {
    s = JSON.stringify(value);
    if (needsStorable(s)) s = JSON.stringify(storable(value));
  }
  return SPECIAL.test(s) ? s.replace(SPECIAL_ALL, (c) => ESCAPES[c]!) : s;
}

/** Rows as COPY text: tab-separated fields, one line per row, in `props` order. */
export function copyText(
  rows: readonly Record<string, unknown>[],
  props: readonly string[],
  kinds: readonly CopyKind[],
): string {
  const lines = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    let line = "";
    for (let j = 0; j < props.length; j++) line += (j ? "\t" : "") + field(row[props[j]!], kinds[j]!);
    lines[i] = line;
  }
  return lines.length ? `${lines.join("\n")}\n` : "";
}

const CHUNK_BYTES = 1 << 16;

/** One COPY FROM STDIN on a node-postgres client, shaped as the `Submittable` its query queue runs. */
class CopyIn {
  callback: ((err: Error | null) => void) | undefined;
  private done = false;

  constructor(
    readonly text: string,
    private readonly data: Buffer,
  ) {}

  submit(connection: { query(text: string): void }) {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: { sendCopyFromChunk(b: Buffer): void; endCopyFrom(): void }) {
    for (let i = 0; i < this.data.length; i += CHUNK_BYTES)
      connection.sendCopyFromChunk(this.data.subarray(i, i + CHUNK_BYTES));
    connection.endCopyFrom();
  }

  handleCommandComplete() {}
  handleRowDescription() {}
  handleDataRow() {}
  handleEmptyQuery() {}
  handlePortalSuspended() {}
  handleCopyData() {}

  /** pg drops the active query on an error, so the ReadyForQuery after it never reaches us: finish here. */
  handleError(err: Error) {
    this.finish(err);
  }

  handleReadyForQuery() {
    this.finish(null);
  }

  private finish(err: Error | null) {
    if (this.done) return;
    this.done = true;
    this.callback?.(err);
  }
}

/** COPYs rows into `table` (`columns` and `kinds` in the order of `props`) on the transaction's connection. */
export async function copyRows(
  target: CopyTarget,
  table: string,
  columns: readonly string[],
  props: readonly string[],
  kinds: readonly CopyKind[],
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  if (rows.length === 0) return;
  let text = copyText(rows, props, kinds);
  // Postgres refuses NUL in text; the insert path strips it (storable), so COPY does too.
  if (text.includes("\u0000")) text = copyText(storable(rows), props, kinds);
  const cols = columns.map((c) => `"${c}"`).join(", ");
  if (target.kind === "pglite") {
    await target.client.query(`copy "${table}" (${cols}) from '/dev/blob'`, [], { blob: new Blob([text]) });
    return;
  }
  const copy = new CopyIn(`copy "${table}" (${cols}) from stdin`, Buffer.from(text, "utf8"));
  await new Promise<void>((resolve, reject) => {
    copy.callback = (err) => (err ? reject(err) : resolve());
    target.client.query(copy);
  });
}
