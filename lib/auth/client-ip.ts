/**
 * Which address a request came from — the "source" that sign-in throttling counts and the audit log records.
 *
 * X-Forwarded-For is written by whoever sent the request, so it is believed only when the request came
 * through a proxy the operator named: LOSSLENS_TRUSTED_PROXIES, a comma-separated list of addresses, CIDR
 * ranges, and the words `loopback` (127.0.0.0/8, ::1) and `private` (10/8, 172.16/12, 192.168/16, fc00::/7).
 * Then the source is the right-most X-Forwarded-For hop that is not itself a trusted proxy (what the proxy
 * appended); hops further left are the client's own words and are ignored. Without the setting the source is
 * the socket's address (stamped by lib/server/http-hardening.ts), whatever the headers say.
 */
import { BlockList, isIP } from "node:net";
import { normaliseAddress, PEER_HEADER, peerStampingActive } from "@/lib/server/http-hardening";

export const TRUSTED_PROXIES_ENV = "LOSSLENS_TRUSTED_PROXIES";

const NAMED_RANGES: Record<string, [string, number, "ipv4" | "ipv6"][]> = {
  loopback: [
    ["127.0.0.0", 8, "ipv4"],
    ["::1", 128, "ipv6"],
  ],
  private: [
    ["10.0.0.0", 8, "ipv4"],
    ["172.16.0.0", 12, "ipv4"],
    ["192.168.0.0", 16, "ipv4"],
    ["fc00::", 7, "ipv6"],
  ],
};

const family = (ip: string): "ipv4" | "ipv6" | null =>
  isIP(ip) === 4 ? "ipv4" : isIP(ip) === 6 ? "ipv6" : null;

let cached: { spec: string; list: BlockList | null } | undefined;

/** The trusted proxies from the environment (null when none are set). Bad entries are skipped with a warning. */
export function trustedProxies(
  spec: string | undefined = process.env[TRUSTED_PROXIES_ENV],
): BlockList | null {
  const text = (spec ?? "").trim();
  if (cached?.spec === text) return cached.list;
  let list: BlockList | null = null;
  for (const entry of text
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)) {
    list ??= new BlockList();
    const named = NAMED_RANGES[entry];
    if (named) {
      for (const [net, prefix, type] of named) list.addSubnet(net, prefix, type);
      continue;
    }
    const [addr = "", prefixText] = entry.split("/");
    const type = family(addr);
    const prefix = prefixText === undefined ? null : Number(prefixText);
    const max = type === "ipv4" ? 32 : 128;
    if (!type || (prefix !== null && !(Number.isInteger(prefix) && prefix >= 0 && prefix <= max))) {
      console.warn(
        `[auth] ${TRUSTED_PROXIES_ENV}: ignoring "${entry.slice(0, 80)}" (not an address or CIDR)`,
      );
      continue;
    }
    if (prefix === null) list.addAddress(addr, type);
    else list.addSubnet(addr, prefix, type);
  }
  cached = { spec: text, list };
  return list;
}

function isTrusted(list: BlockList, ip: string): boolean {
  const type = family(ip);
  return type !== null && list.check(ip, type);
}

const clip = (s: string) => s.slice(0, 64);

/**
 * The request's source address. `headers` are the incoming request headers (next/headers, a Request, or
 * next-auth's rebuilt Request — all carry the stamp).
 */
export function clientIp(headers: Headers | undefined | null, trusted = trustedProxies()): string {
  const hops = (headers?.get("x-forwarded-for") ?? "")
    .split(",")
    .map((h) => normaliseAddress(h))
    .filter((h): h is string => Boolean(h));
  const peer = peerStampingActive() ? normaliseAddress(headers?.get(PEER_HEADER)) : null;
  // The chain as the last trusted party saw it: forwarded hops, then the socket itself (when known).
  const chain = peer ? [...hops, peer] : hops;
  if (peer && (!trusted || !isTrusted(trusted, peer))) return clip(peer);
  if (trusted) {
    for (let i = chain.length - 1; i >= 0; i--) {
      const hop = chain[i] as string;
      if (!isTrusted(trusted, hop)) return clip(hop);
    }
    return clip(chain[0] ?? "unknown");
  }
  // No stamp (a server started without instrumentation.ts): Next put the socket address in X-Forwarded-For
  // only if the client sent none, so this is the best there is — and it is forgeable.
  return clip(hops.at(-1) ?? "unknown");
}
