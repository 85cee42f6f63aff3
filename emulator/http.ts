/** The HTTP side of the emulator's answers: PHP-style JSON bodies, CORS, and requests' merged parameters. */
import type http from "node:http";
import type { ApiError } from "./errors";
import { mergeParams, type Params, parseBody, parseQuery } from "./params";
import { phpJson } from "./wire";

export const JSON_HEADERS = {
  "Content-Type": "application/json; charset=utf-8",
  "Access-Control-Allow-Origin": "*",
};

export const HTML_502 =
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

export function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Query string and body parameters of a request, merged as Bitrix24 merges them. */
export async function readParams(req: http.IncomingMessage, url: URL): Promise<Params> {
  return mergeParams(
    parseQuery(url.search.slice(1)),
    await parseBody(req.headers["content-type"] ?? "", await readBody(req)),
  );
}

/** Writes a JSON answer; `drop` writes half of it and then cuts the connection (the dropEvery fault). */
export function send(res: http.ServerResponse, status: number, body: unknown, drop = false): void {
  const text = phpJson(body);
  if (drop) {
    res.writeHead(status, { ...JSON_HEADERS, "Content-Length": Buffer.byteLength(text) });
    res.write(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
    setTimeout(() => res.socket?.destroy(), 5);
    return;
  }
  res.writeHead(status, JSON_HEADERS);
  res.end(text);
}

export function errorBody(e: ApiError) {
  return { error: e.code, error_description: e.description };
}
