/** Request parameter parsing and lookup (bitrix24-api.md §1.2). */
import qs from "qs";
import { isPlainObject } from "./filter";

export type Params = Record<string, unknown>;

const QS_OPTIONS = { depth: 20, arrayLimit: 100_000, parameterLimit: 1_000_000 } as const;

/** PHP-bracket query string → nested params. */
export function parseQuery(query: string): Params {
  if (!query) return {};
  return qs.parse(query, QS_OPTIONS) as Params;
}

/** Body by Content-Type; an unparseable JSON body is treated as empty, like the PHP server. */
export async function parseBody(contentType: string, body: Buffer): Promise<Params> {
  if (body.length === 0) return {};
  const ct = contentType.toLowerCase();
  if (ct.includes("application/json")) {
    try {
      const parsed: unknown = JSON.parse(body.toString("utf8"));
      return isPlainObject(parsed) ? parsed : {};
    } catch {
      return {};
    }
  }
  if (ct.includes("multipart/form-data")) {
    try {
      const form = await new Request("http://emulator.local/", {
        method: "POST",
        headers: { "content-type": contentType },
        body: new Uint8Array(body),
      }).formData();
      const parts: string[] = [];
      for (const [key, value] of form.entries()) {
        if (typeof value === "string") parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
      }
      return parseQuery(parts.join("&"));
    } catch {
      return {};
    }
  }
  // application/x-www-form-urlencoded and anything else that looks like a form.
  return parseQuery(body.toString("utf8"));
}

/** Query first, then the body overrides top-level keys (`array_replace`). */
export function mergeParams(query: Params, body: Params): Params {
  return { ...query, ...body };
}

/** CCrmRestHelper::resolveArrayParam: exact, UPPER, lower, Capitalised, arCapitalised. */
export function resolveParam(params: Params, name: string): unknown {
  const cap = name.charAt(0).toUpperCase() + name.slice(1).toLowerCase();
  for (const key of [name, name.toUpperCase(), name.toLowerCase(), cap, `ar${cap}`]) {
    if (params[key] !== undefined) return params[key];
  }
  return undefined;
}

/** First present key among `names`, case-insensitively. */
export function paramCI(params: Params, ...names: string[]): unknown {
  for (const name of names) {
    if (params[name] !== undefined) return params[name];
  }
  const lower = new Set(names.map((n) => n.toLowerCase()));
  for (const [key, value] of Object.entries(params)) if (lower.has(key.toLowerCase())) return value;
  return undefined;
}
