import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { CLIENT_IP_HEADER, clientIpFrom, clientIpOf, normalizeIp, parseTrustedProxies, stampClientIp, TRUST_NO_PROXY } from '../../../lib/auth/client-ip';
import { loadEnv } from '../../../lib/env';

const proxies = parseTrustedProxies('127.0.0.1/32, 10.0.0.0/8, ::1/128, fd00::/8');

describe('clientIpOf (docs/reliability.md E2, E7)', () => {
  it('is the socket peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientIpOf({ socketAddress: '203.0.113.7', forwardedFor: '198.51.100.1', trusted: TRUST_NO_PROXY })).toBe('203.0.113.7');
    expect(clientIpOf({ socketAddress: '10.0.0.1', forwardedFor: '198.51.100.1', trusted: TRUST_NO_PROXY })).toBe('10.0.0.1');
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy (spoofing)', () => {
    expect(clientIpOf({ socketAddress: '203.0.113.7', forwardedFor: '10.0.0.9, 198.51.100.1', trusted: proxies })).toBe('203.0.113.7');
  });

  it('takes the right-most address that is not a trusted proxy', () => {
    expect(clientIpOf({ socketAddress: '127.0.0.1', forwardedFor: '198.51.100.1', trusted: proxies })).toBe('198.51.100.1');
    // The client wrote "6.6.6.6" itself; the proxies appended 198.51.100.1 and 10.1.1.1.
    expect(clientIpOf({ socketAddress: '10.0.0.2', forwardedFor: '6.6.6.6, 198.51.100.1, 10.1.1.1', trusted: proxies })).toBe('198.51.100.1');
    expect(clientIpOf({ socketAddress: '10.0.0.2', forwardedFor: ['6.6.6.6, 198.51.100.1', '10.1.1.1'], trusted: proxies })).toBe('198.51.100.1');
  });

  it('falls back to the socket peer when a trusted proxy sends no X-Forwarded-For', () => {
    expect(clientIpOf({ socketAddress: '127.0.0.1', trusted: proxies })).toBe('127.0.0.1');
    expect(clientIpOf({ socketAddress: '127.0.0.1', forwardedFor: '', trusted: proxies })).toBe('127.0.0.1');
  });

  it('is the left-most hop when every hop is a trusted proxy', () => {
    expect(clientIpOf({ socketAddress: '127.0.0.1', forwardedFor: '10.0.0.7, 10.0.0.8', trusted: proxies })).toBe('10.0.0.7');
  });

  it('handles IPv6 peers, chains, brackets, ports and IPv4-mapped addresses', () => {
    expect(clientIpOf({ socketAddress: '::1', forwardedFor: '2001:DB8::5', trusted: proxies })).toBe('2001:db8::5');
    expect(clientIpOf({ socketAddress: '::ffff:127.0.0.1', forwardedFor: '198.51.100.1', trusted: proxies })).toBe('198.51.100.1');
    expect(clientIpOf({ socketAddress: '::ffff:203.0.113.7', forwardedFor: '198.51.100.1', trusted: proxies })).toBe('203.0.113.7');
    expect(clientIpOf({ socketAddress: '::1', forwardedFor: '2001:db8::9, [fd00::1]:443', trusted: proxies })).toBe('2001:db8::9');
    expect(clientIpOf({ socketAddress: '::1', forwardedFor: '198.51.100.1:51234', trusted: proxies })).toBe('198.51.100.1');
    expect(clientIpOf({ socketAddress: 'fe80::1%eth0', trusted: proxies })).toBe('fe80::1');
  });

  it('stops at a garbage entry and uses the last hop it could vouch for', () => {
    expect(clientIpOf({ socketAddress: '127.0.0.1', forwardedFor: 'not-an-ip', trusted: proxies })).toBe('127.0.0.1');
    expect(clientIpOf({ socketAddress: '127.0.0.1', forwardedFor: '198.51.100.1, <script>, 10.0.0.3', trusted: proxies })).toBe('10.0.0.3');
    expect(clientIpOf({ socketAddress: '127.0.0.1', forwardedFor: ', ,', trusted: proxies })).toBe('127.0.0.1');
    expect(clientIpOf({ socketAddress: '127.0.0.1', forwardedFor: '999.1.1.1', trusted: proxies })).toBe('127.0.0.1');
    expect(clientIpOf({ socketAddress: '127.0.0.1', forwardedFor: `${'1'.repeat(70)}`, trusted: proxies })).toBe('127.0.0.1');
    // Garbage to the left of the real client is the client's own writing and changes nothing.
    expect(clientIpOf({ socketAddress: '127.0.0.1', forwardedFor: 'garbage, 198.51.100.1', trusted: proxies })).toBe('198.51.100.1');
    expect(clientIpOf({ socketAddress: undefined, forwardedFor: '198.51.100.1', trusted: proxies })).toBe('unknown');
  });

  it('normalizes addresses so one client has one key', () => {
    expect(normalizeIp('::FFFF:10.0.0.1')).toBe('10.0.0.1');
    expect(normalizeIp(' 192.0.2.1 ')).toBe('192.0.2.1');
    expect(normalizeIp('example.com')).toBeNull();
    expect(normalizeIp('')).toBeNull();
  });
});

describe('parseTrustedProxies', () => {
  it('matches IPv4 and IPv6 networks, and bare addresses as single hosts', () => {
    const trusted = parseTrustedProxies('192.0.2.0/24,2001:db8::/32,198.51.100.9');
    expect(trusted.cidrs).toEqual(['192.0.2.0/24', '2001:db8::/32', '198.51.100.9/32']);
    expect(trusted.has('192.0.2.200')).toBe(true);
    expect(trusted.has('192.0.3.1')).toBe(false);
    expect(trusted.has('2001:db8:1::1')).toBe(true);
    expect(trusted.has('2001:db9::1')).toBe(false);
    expect(trusted.has('198.51.100.9')).toBe(true);
    expect(trusted.has('198.51.100.10')).toBe(false);
    expect(trusted.has('garbage')).toBe(false);
  });

  it('throws naming a malformed entry', () => {
    for (const bad of ['10.0.0.0/33', '::1/129', '10.0.0/8', 'proxy.internal', '10.0.0.0/', '10.0.0.0/8/8', '10.0.0.0/-1']) {
      expect(() => parseTrustedProxies(`127.0.0.1/32,${bad}`)).toThrow(bad);
    }
  });
});

describe('TRUSTED_PROXIES in lib/env', () => {
  const base = { NODE_ENV: 'test' } as NodeJS.ProcessEnv;

  it('trusts no proxy by default', () => {
    const env = loadEnv(base);
    expect(env.TRUSTED_PROXIES.cidrs).toEqual([]);
    expect(env.TRUSTED_PROXIES.has('127.0.0.1')).toBe(false);
    expect(loadEnv({ ...base, TRUSTED_PROXIES: '' }).TRUSTED_PROXIES.cidrs).toEqual([]);
  });

  it('parses a list of IPv4 and IPv6 CIDRs', () => {
    const env = loadEnv({ ...base, TRUSTED_PROXIES: '127.0.0.1/32,10.0.0.0/8,::1/128' });
    expect(env.TRUSTED_PROXIES.cidrs).toEqual(['127.0.0.1/32', '10.0.0.0/8', '::1/128']);
    expect(env.TRUSTED_PROXIES.has('10.20.30.40')).toBe(true);
  });

  it('stops the start with a message naming the variable and the malformed CIDR', () => {
    expect(() => loadEnv({ ...base, TRUSTED_PROXIES: '10.0.0.0/8,10.0.0.300/32' })).toThrow(/TRUSTED_PROXIES: "10\.0\.0\.300\/32" is not a CIDR/);
  });
});

describe('stampClientIp (the portal server)', () => {
  it('overwrites a forged x-wegov-client-ip header with the address it finds', async () => {
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      stampClientIp(req, parseTrustedProxies('127.0.0.1/32,::1/128'));
      seen.push(clientIpFrom(req.headers));
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      await fetch(url, { headers: { [CLIENT_IP_HEADER]: '6.6.6.6', 'x-forwarded-for': '198.51.100.1' } });
      await fetch(url, { headers: { [CLIENT_IP_HEADER]: '6.6.6.6' } });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(seen).toEqual(['198.51.100.1', '127.0.0.1']);
  });
});
