import { BlockList, isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';

/**
 * The portal's server (lib/server/portal-server.ts) overwrites `x-wegov-client-ip` on every
 * request with the address `clientIpOf` finds, so this header cannot be forged by a client;
 * X-Forwarded-For counts only when it was written by a proxy listed in TRUSTED_PROXIES
 * (docs/reliability.md E7, ASVS 4.1.3). Login throttling (E1, E2), web registrations and citizen
 * reports all count per this address.
 */
export const CLIENT_IP_HEADER = 'x-wegov-client-ip';

export function clientIpFrom(headers: Headers | Record<string, string | string[] | undefined>): string {
  const value = headers instanceof Headers ? headers.get(CLIENT_IP_HEADER) : headers[CLIENT_IP_HEADER];
  const ip = Array.isArray(value) ? value[0] : value;
  return ip && ip.length <= 64 ? ip : 'unknown';
}

/** A parsed TRUSTED_PROXIES: the networks whose X-Forwarded-For we believe. */
export interface TrustedProxies {
  readonly cidrs: readonly string[];
  has(address: string): boolean;
}

/**
 * An address as we compare and store it: without an IPv6 zone (`%eth0`), and an IPv4-mapped IPv6
 * address (`::ffff:10.0.0.1`, what a socket on `::` reports for an IPv4 peer) as plain IPv4, so one
 * client never counts under two keys. Null when it is not an IP address at all.
 */
export function normalizeIp(raw: string): string | null {
  let value = raw.trim();
  if (value.length === 0 || value.length > 64) return null;
  const zone = value.indexOf('%');
  if (zone >= 0) value = value.slice(0, zone);
  const family = isIP(value);
  if (family === 4) return value;
  if (family !== 6) return null;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(value);
  if (mapped && isIP(mapped[1]!) === 4) return mapped[1]!;
  return value.toLowerCase();
}

/** One X-Forwarded-For entry: a bare address, `[v6]`, `[v6]:port` or `v4:port` (some proxies add the port). */
function forwardedEntry(raw: string): string | null {
  const value = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(value);
  if (bracketed) return isIP(bracketed[1]!) === 6 ? normalizeIp(bracketed[1]!) : null;
  const withPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(value);
  if (withPort) return normalizeIp(withPort[1]!);
  return normalizeIp(value);
}

/**
 * Parses TRUSTED_PROXIES (`127.0.0.1/32,10.0.0.0/8,::1/128`; a bare address means the one host).
 * Throws naming the first malformed entry. Node's own net.BlockList does the matching: it is
 * built in and already matches IPv4-mapped IPv6 peers against IPv4 networks.
 */
export function parseTrustedProxies(spec: string | undefined): TrustedProxies {
  const list = new BlockList();
  const cidrs: string[] = [];
  for (const part of (spec ?? '').split(',')) {
    const entry = part.trim();
    if (!entry) continue;
    const match = /^([^/\s]+)(?:\/(\d{1,3}))?$/.exec(entry);
    const address = match ? match[1]! : '';
    const family = isIP(address);
    const maxPrefix = family === 4 ? 32 : 128;
    const prefix = match?.[2] === undefined ? maxPrefix : Number(match[2]);
    if (!match || family === 0 || address.includes('%') || prefix > maxPrefix) {
      throw new Error(`"${entry}" is not a CIDR such as 10.0.0.0/8 or ::1/128`);
    }
    list.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
    cidrs.push(`${address}/${prefix}`);
  }
  return {
    cidrs,
    has(address) {
      if (cidrs.length === 0) return false;
      const ip = normalizeIp(address);
      if (!ip) return false;
      return list.check(ip, isIP(ip) === 4 ? 'ipv4' : 'ipv6');
    },
  };
}

export const TRUST_NO_PROXY: TrustedProxies = parseTrustedProxies('');

/**
 * The client's address for one request. The socket peer is the client unless it is a trusted
 * proxy; then X-Forwarded-For is walked from the right (each proxy appends the address it saw)
 * and the client is the right-most entry that is not itself a trusted proxy. Entries further
 * left were written by the client and are never believed. An unparseable entry stops the walk:
 * the last address we could vouch for (a trusted proxy) stands in for the client, so garbage
 * can neither crash this nor pick an address of the sender's choosing.
 */
export function clientIpOf(args: { socketAddress: string | undefined; forwardedFor?: string | string[]; trusted: TrustedProxies }): string {
  const socket = args.socketAddress ? normalizeIp(args.socketAddress) : null;
  if (!socket) return 'unknown';
  if (!args.trusted.has(socket) || args.forwardedFor === undefined) return socket;
  // Node joins repeated X-Forwarded-For headers with ", "; an array is accepted all the same.
  const chain = (Array.isArray(args.forwardedFor) ? args.forwardedFor.join(',') : args.forwardedFor).split(',');
  let client = socket;
  for (let i = chain.length - 1; i >= 0; i--) {
    const hop = forwardedEntry(chain[i]!);
    if (!hop) break;
    client = hop;
    if (!args.trusted.has(hop)) break;
  }
  return client;
}

/** What the portal server does to every request before any handler reads it. */
export function stampClientIp(req: IncomingMessage, trusted: TrustedProxies): void {
  req.headers[CLIENT_IP_HEADER] = clientIpOf({ socketAddress: req.socket.remoteAddress, forwardedFor: req.headers['x-forwarded-for'], trusted });
}
