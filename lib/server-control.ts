/**
 * How a CLI reaches the running server when PGlite's single-process rule keeps it out of the data dir:
 * the server writes data/server.json (pid, port, a random token, mode 600) at boot; `npm run sync` reads it
 * and asks the server to sync over loopback with that token as a bearer credential.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export interface ServerControlFile {
  pid: number;
  port: number;
  token: string;
}

export const controlFilePath = () =>
  path.join(/*turbopackIgnore: true*/ process.cwd(), "data", "server.json");

const g = globalThis as unknown as { __losslensControlToken?: string };

export function writeControlFile(port: number): void {
  g.__losslensControlToken ??= randomBytes(32).toString("base64url");
  const file = controlFilePath();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const body: ServerControlFile = { pid: process.pid, port, token: g.__losslensControlToken };
  fs.writeFileSync(file, JSON.stringify(body), { mode: 0o600 });
}

export function readControlFile(): ServerControlFile | null {
  try {
    return JSON.parse(fs.readFileSync(controlFilePath(), "utf8")) as ServerControlFile;
  } catch {
    return null;
  }
}

export function isControlRequest(request: Request): boolean {
  const expected = g.__losslensControlToken;
  const got = request.headers.get("authorization")?.replace(/^Bearer /, "") ?? "";
  if (!expected || got.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(got), Buffer.from(expected));
}
