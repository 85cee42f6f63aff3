/**
 * One line about an error that is safe to store and log: no SQL text, no bound parameters, no row data.
 * Drizzle wraps a failed query as "Failed query: <sql>\nparams: <values>" with the driver's error as its cause;
 * the values are the portal's data (titles, comments), so only the driver's own message and code are kept.
 */
const MAX = 300;

function fieldOf(e: unknown, key: string): unknown {
  return typeof e === "object" && e !== null && key in e ? (e as Record<string, unknown>)[key] : undefined;
}

export function safeErrorText(err: unknown): string {
  let e: unknown = err;
  for (let depth = 0; depth < 5; depth++) {
    const message = fieldOf(e, "message");
    const cause = fieldOf(e, "cause");
    const wrapped = typeof message === "string" && message.startsWith("Failed query:");
    if (wrapped && cause) {
      e = cause;
      continue;
    }
    if (wrapped) return "database query failed";
    const code = fieldOf(e, "code");
    const text = typeof message === "string" && message ? message : String(e);
    // Only the first line: driver messages carry detail lines ("DETAIL: Key (x)=(value) …") with row data.
    const line = text.split("\n", 1)[0] ?? "";
    const withCode = typeof code === "string" && code && !line.includes(code) ? `${line} (${code})` : line;
    return withCode.length > MAX ? `${withCode.slice(0, MAX - 1)}…` : withCode;
  }
  return "error";
}
