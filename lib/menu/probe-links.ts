import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';

/**
 * Checks that each link of a menu opens (docs/admin.md "Menu"). The server fetches a URL staff
 * typed, so it must not become a way into our own network (SSRF, docs/reliability.md G8): only
 * https, the host resolved once and every address checked against private, loopback, link-local
 * and other special ranges, the connection pinned to the address that was checked (no second
 * lookup an attacker's DNS could answer differently), a few redirects at most — each hop checked
 * the same way — and a short timeout. Only the status line is read; the body is dropped.
 */
export interface LinkResult {
  url: string;
  ok: boolean;
  status?: number;
  /** `timeout`, `refused_address`, `not_https`, `too_many_redirects`, `dns`, `network`, `bad_url`, `http_<status>`. */
  error?: string;
  checkedAt: string;
}

export interface ProbePolicy {
  /** `https:` in production; a test may add `http:` for its local server. */
  protocols: readonly string[];
  resolve(host: string): Promise<string[]>;
  allowAddress(ip: string): boolean;
  timeoutMs: number;
  maxRedirects: number;
  /** Certificates to trust instead of the system's (a test's local server). */
  ca?: string | Buffer;
}

// Two lists: Node's BlockList also matches IPv4 addresses against IPv6 rules through their
// mapped form (::ffff:a.b.c.d), so one shared list with ::ffff:0:0/96 would refuse every IPv4.
const special4 = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) special4.addSubnet(net, prefix, 'ipv4');
const special6 = new BlockList();
for (const [net, prefix] of [
  ['::', 128], ['::1', 128], ['64:ff9b::', 96], ['100::', 64], ['2001::', 23], ['2001:db8::', 32],
  ['fc00::', 7], ['fe80::', 10], ['ff00::', 8],
] as const) special6.addSubnet(net, prefix, 'ipv6');

/** True for an address on the public internet; false for private, loopback and other special ranges. */
export function isPublicAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 4) return !special4.check(ip, 'ipv4');
  if (family !== 6) return false;
  // An IPv4 address written as IPv6 (::ffff:10.0.0.1, ::ffff:a00:1) is judged as the IPv4 it is.
  const normal = new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(normal);
  if (mapped) {
    const hi = parseInt(mapped[1]!, 16);
    const lo = parseInt(mapped[2]!, 16);
    return isPublicAddress(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
  }
  return !special6.check(normal, 'ipv6');
}

export const DEFAULT_PROBE_POLICY: ProbePolicy = {
  protocols: ['https:'],
  resolve: async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address),
  allowAddress: isPublicAddress,
  timeoutMs: 5_000,
  maxRedirects: 3,
};

class ProbeError extends Error {}

/** Probes one link: ok for a 2xx answer (after at most `maxRedirects` redirects). */
export async function probeLink(url: string, policy: ProbePolicy = DEFAULT_PROBE_POLICY): Promise<LinkResult> {
  const checkedAt = new Date().toISOString();
  const signal = AbortSignal.timeout(policy.timeoutMs);
  let current = url;
  try {
    for (let hop = 0; ; hop++) {
      const { status, location } = await request(current, policy, signal);
      if (status >= 300 && status < 400 && location) {
        if (hop >= policy.maxRedirects) return { url, ok: false, status, error: 'too_many_redirects', checkedAt };
        current = new URL(location, current).toString();
        continue;
      }
      const ok = status >= 200 && status < 300;
      return ok ? { url, ok, status, checkedAt } : { url, ok, status, error: `http_${status}`, checkedAt };
    }
  } catch (error) {
    if (signal.aborted) return { url, ok: false, error: 'timeout', checkedAt };
    return { url, ok: false, error: error instanceof ProbeError ? error.message : 'network', checkedAt };
  }
}

/** Probes every link at once (a menu has at most 15). */
export function probeLinks(urls: readonly string[], policy: ProbePolicy = DEFAULT_PROBE_POLICY): Promise<LinkResult[]> {
  return Promise.all(urls.map((u) => probeLink(u, policy)));
}

async function request(url: string, policy: ProbePolicy, signal: AbortSignal): Promise<{ status: number; location?: string }> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new ProbeError('bad_url');
  }
  if (!policy.protocols.includes(target.protocol)) throw new ProbeError('not_https');
  if (target.username || target.password) throw new ProbeError('bad_url');
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = await policy.resolve(host);
    } catch {
      throw new ProbeError('dns');
    }
  }
  // Every address the name has must be allowed: otherwise a name with one public and one
  // private address would be a coin toss away from our network.
  if (addresses.length === 0) throw new ProbeError('dns');
  if (!addresses.every((a) => policy.allowAddress(a))) throw new ProbeError('refused_address');
  const address = addresses[0]!;
  const family = isIP(address);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      target,
      {
        method: 'GET',
        signal,
        agent: false,
        ...(policy.ca ? { ca: policy.ca } : {}),
        headers: { 'user-agent': 'WeGov-link-check/1.0', accept: 'text/html,*/*' },
        // Connect to the address checked above, whatever DNS would say now.
        lookup: (_host, options, callback) => {
          if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [{ address, family }]);
          else callback(null, address, family);
        },
      },
      (res) => {
        const location = typeof res.headers.location === 'string' ? res.headers.location : undefined;
        resolve({ status: res.statusCode ?? 0, location });
        res.destroy();
      },
    );
    req.on('error', reject);
    req.end();
  });
}
