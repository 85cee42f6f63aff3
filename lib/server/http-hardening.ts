/**
 * Two things `next start` cannot be configured to do, done at the Node http layer (installed once, from
 * instrumentation.ts, in the server process):
 *
 * 1. The socket's address, stamped on every request as `x-losslens-peer` (any client-sent value is removed).
 *    Next only copies the socket address into X-Forwarded-For when the client sent none, so without this a
 *    client chooses its own address. lib/auth/client-ip.ts trusts forwarded headers only when this peer is a
 *    configured proxy (LOSSLENS_TRUSTED_PROXIES).
 * 2. Requests whose line + headers exceed Node's limit (16 KiB by default; `--max-http-header-size`) — e.g. a
 *    report link with thousands of ids — got a bare 431 with an empty body from Node. They now get the same
 *    status with a short page saying what happened and what to do, in Russian and English; other malformed
 *    requests get a 400 the same way. Node still does the refusing: only the words are ours.
 */
import http from "node:http";
import type { Socket } from "node:net";

export const PEER_HEADER = "x-losslens-peer";

const g = globalThis as unknown as { __losslensHttpHardened?: boolean };

/** True once the hook is installed in this process: only then is PEER_HEADER ours and not the client's. */
export function peerStampingActive(): boolean {
  return g.__losslensHttpHardened === true;
}

const TOO_LARGE_BODY = [
  "431 — Адрес или заголовки запроса слишком длинные.",
  "Выберите меньше значений в фильтрах или откройте отчёт без них и задайте фильтры заново.",
  "",
  "431 — The request address or headers are too long.",
  "Pick fewer values in the filters, or open the report without them and set the filters again.",
  "",
].join("\n");

const BAD_REQUEST_BODY = [
  "400 — Запрос не удалось разобрать.",
  "400 — The request could not be parsed.",
  "",
].join("\n");

function rawResponse(status: string, body: string): string {
  const bytes = Buffer.byteLength(body);
  return (
    `HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${bytes}\r\n` +
    `Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`
  );
}

/** An IPv4 client on a dual-stack socket reads "::ffff:1.2.3.4"; the plain form is the one people know. */
export function normaliseAddress(address: string | undefined | null): string | null {
  if (!address) return null;
  const a = address.trim().toLowerCase();
  return a.startsWith("::ffff:") && a.includes(".") ? a.slice(7) : a;
}

function stampPeer(req: http.IncomingMessage): void {
  const raw = req.rawHeaders;
  for (let i = raw.length - 2; i >= 0; i -= 2) if (raw[i]?.toLowerCase() === PEER_HEADER) raw.splice(i, 2);
  delete req.headers[PEER_HEADER];
  const peer = normaliseAddress(req.socket?.remoteAddress);
  if (peer) {
    req.headers[PEER_HEADER] = peer;
    raw.push(PEER_HEADER, peer);
  }
}

function answerClientError(err: NodeJS.ErrnoException, socket: Socket): boolean {
  // Same rule as Node's own handler: write only if nothing of a response went out on this socket yet.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (!socket.writable || inFlight?.headersSent) {
    socket.destroy(err);
    return true;
  }
  // Only parser errors (HPE_*); timeouts and resets keep Node's own handling.
  if (!String(err.code ?? "").startsWith("HPE_")) return false;
  const tooLarge = err.code === "HPE_HEADER_OVERFLOW";
  socket.end(
    tooLarge
      ? rawResponse("431 Request Header Fields Too Large", TOO_LARGE_BODY)
      : rawResponse("400 Bad Request", BAD_REQUEST_BODY),
  );
  return true;
}

/** Installs the hook on every http.Server of this process (the one `next start` creates). Idempotent. */
export function hardenHttpServers(): void {
  if (g.__losslensHttpHardened) return;
  type Emit = (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  const proto = http.Server.prototype as unknown as { emit: Emit };
  const original = proto.emit;
  proto.emit = function emit(this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") stampPeer(args[0] as http.IncomingMessage);
    else if (event === "clientError" && this.listenerCount("clientError") === 0) {
      if (answerClientError(args[0] as NodeJS.ErrnoException, args[1] as Socket)) return true;
    }
    return original.call(this, event, ...args);
  };
  g.__losslensHttpHardened = true;
}
