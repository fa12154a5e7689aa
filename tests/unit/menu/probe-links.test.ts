import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PROBE_POLICY, isPublicAddress, probeLink, type ProbePolicy } from '../../../lib/menu/probe-links';

/**
 * The link probe (lib/menu/probe-links.ts) against a local HTTP server: nothing here reaches the
 * internet. The test policy lets `links.test` resolve to the loopback server and allows http and
 * that one address, which the real policy refuses.
 */
let server: http.Server;
let port: number;
let connections = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/ok') return res.writeHead(200, { 'content-type': 'text/html' }).end('<p>ok</p>');
    if (path === '/gone') return res.writeHead(404).end();
    if (path === '/hop') return res.writeHead(302, { location: '/ok' }).end();
    if (path === '/loop') return res.writeHead(302, { location: '/loop' }).end();
    if (path === '/to-metadata') return res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    if (path === '/to-rebind') return res.writeHead(302, { location: `http://rebind.test:${port}/ok` }).end();
    if (path === '/slow') return; // never answers
    res.writeHead(500).end();
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const testPolicy = (overrides: Partial<ProbePolicy> = {}): ProbePolicy => ({
  protocols: ['http:', 'https:'],
  resolve: async (host) => (host === 'links.test' ? ['127.0.0.1'] : host === 'rebind.test' ? ['10.0.0.7'] : []),
  allowAddress: (ip) => ip === '127.0.0.1' || isPublicAddress(ip),
  timeoutMs: 1_000,
  maxRedirects: 3,
  ...overrides,
});
const at = (path: string) => `http://links.test:${port}${path}`;

describe('probeLink', () => {
  it('says a page that answers 200 opens, also after a redirect; a 404 does not', async () => {
    expect(await probeLink(at('/ok'), testPolicy())).toMatchObject({ ok: true, status: 200 });
    expect(await probeLink(at('/hop'), testPolicy())).toMatchObject({ ok: true, status: 200 });
    expect(await probeLink(at('/gone'), testPolicy())).toMatchObject({ ok: false, status: 404, error: 'http_404' });
  });

  it('follows only a few redirects', async () => {
    expect(await probeLink(at('/loop'), testPolicy())).toMatchObject({ ok: false, error: 'too_many_redirects' });
  });

  it('gives up on a server that never answers', async () => {
    expect(await probeLink(at('/slow'), testPolicy({ timeoutMs: 300 }))).toMatchObject({ ok: false, error: 'timeout' });
  });

  it('refuses a redirect into a private or link-local address without connecting there', async () => {
    expect(await probeLink(at('/to-metadata'), testPolicy())).toMatchObject({ ok: false, error: 'refused_address' });
    expect(await probeLink(at('/to-rebind'), testPolicy())).toMatchObject({ ok: false, error: 'refused_address' });
  });

  it('with the real policy: only https, and never our own network (no connection is even opened)', async () => {
    const before = connections;
    expect(await probeLink(at('/ok'), DEFAULT_PROBE_POLICY)).toMatchObject({ ok: false, error: 'not_https' });
    for (const url of [`https://127.0.0.1:${port}/ok`, 'https://[::1]/', 'https://10.1.2.3/', 'https://192.168.1.1/', 'https://169.254.169.254/', 'https://[::ffff:127.0.0.1]/', 'https://0.0.0.0/']) {
      expect(await probeLink(url, DEFAULT_PROBE_POLICY), url).toMatchObject({ ok: false, error: 'refused_address' });
    }
    // A public-looking name that resolves to a private address is refused too.
    expect(await probeLink('https://intranet.example.gov.cn/', { ...DEFAULT_PROBE_POLICY, resolve: async () => ['203.0.113.9', '10.0.0.1'] })).toMatchObject({ ok: false, error: 'refused_address' });
    expect(await probeLink('https://user:pw@example.gov.cn/', DEFAULT_PROBE_POLICY)).toMatchObject({ ok: false, error: 'bad_url' });
    expect(connections).toBe(before);
  });

  it('knows which addresses are public', () => {
    for (const ip of ['127.0.0.1', '10.0.0.1', '172.16.5.4', '192.168.0.1', '169.254.169.254', '100.64.0.1', '::1', 'fe80::1', 'fd00::1', '::ffff:10.0.0.1', '::ffff:7f00:1', '0.0.0.0']) expect(isPublicAddress(ip), ip).toBe(false);
    for (const ip of ['114.114.114.114', '8.8.8.8', '2400:3200::1', '::ffff:8.8.8.8']) expect(isPublicAddress(ip), ip).toBe(true);
  });
});
