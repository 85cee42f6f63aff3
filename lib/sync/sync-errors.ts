/**
 * What a failed sync stores in sync_runs and prints: a short code and message, never SQL text or row data.
 * Drizzle's query errors carry the whole statement with its parameters (a page of deals), and Postgres data
 * errors quote the offending value, so messages are built from codes, not copied from the error.
 */
import { Bitrix24Error } from "@/lib/bitrix24/errors";
import { storableText } from "@/lib/bitrix24/storable";

export class SyncError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "SyncError";
  }
}

/** The database connection went away (the server restarted, an admin ended the session, the network dropped). */
export class DbConnectionLostError extends SyncError {
  constructor(cause?: unknown) {
    super(
      "DB_CONNECTION_LOST",
      "Lost the connection to the database; the next run resumes where this one stopped / " +
        "Потеряно соединение с базой данных; следующий запуск продолжит с места остановки",
      { cause },
    );
  }
}

const SQLSTATE = /^[0-9A-Z]{5}$/;
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EHOSTUNREACH",
]);
const CONNECTION_TEXT =
  /Connection terminated|connection error|Client was closed|Cannot use a pool after calling end/i;

const SQLSTATE_TEXT: Record<string, string> = {
  "22001": "value too long",
  "22003": "number out of range",
  "22007": "invalid date/time",
  "22008": "date/time out of range",
  "22021": "invalid byte sequence",
  "22P02": "invalid value for its type",
  "22P05": "untranslatable character",
  "23502": "missing required value",
  "23505": "duplicate key",
  "54000": "value too large to store or index",
};

/** The Postgres SQLSTATE of an error or of any error in its cause chain. */
export function sqlState(err: unknown): string | null {
  for (let e = err, depth = 0; e && typeof e === "object" && depth < 6; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && SQLSTATE.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

export function isConnectionLoss(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === "object" && depth < 6; depth++) {
    if (e instanceof DbConnectionLostError) return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (CONNECTION_CODES.has(code) || /^(08|57P)/.test(code))) return true;
    if (CONNECTION_TEXT.test(String((e as { message?: unknown }).message ?? ""))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** A value the database refused (data exception, constraint, size limit) rather than a failing database. */
export function isDataError(err: unknown): boolean {
  const code = sqlState(err);
  return code !== null && /^(22|23|54)/.test(code) && !isConnectionLoss(err);
}

/** "SQLSTATE 22P05 (untranslatable character)": enough to act on, nothing from the statement or the row. */
export function describeDbError(err: unknown): string {
  const code = sqlState(err) ?? "unknown";
  const text = SQLSTATE_TEXT[code];
  return `SQLSTATE ${code}${text ? ` (${text})` : ""}`;
}

const LOOKS_LIKE_SQL = /Failed query|\b(insert into|select .+ from|update .+ set|delete from|params:)/is;

/** The code and message a failed run stores and shows. */
export function safeSyncError(err: unknown): { code: string; message: string } {
  if (err instanceof SyncError) return { code: err.code, message: err.message };
  if (isConnectionLoss(err)) {
    const e = new DbConnectionLostError();
    return { code: e.code, message: e.message };
  }
  if (err instanceof Bitrix24Error) {
    return {
      code: err.code,
      message: `${err.userMessage("en")} / ${err.userMessage("ru")}${err.method ? ` (${err.method})` : ""}`,
    };
  }
  const state = sqlState(err);
  if (state)
    return { code: "DB_ERROR", message: `Database error, ${describeDbError(err)} / Ошибка базы данных` };
  const code = (err as { code?: unknown })?.code;
  const message = String((err as Error)?.message ?? err);
  if (LOOKS_LIKE_SQL.test(message))
    return {
      code: "SYNC_FAILED",
      message: "Internal error during the sync / Внутренняя ошибка синхронизации",
    };
  return {
    code: typeof code === "string" && code ? code : "SYNC_FAILED",
    message: storableText(message).replace(/\s+/g, " ").slice(0, 300),
  };
}
