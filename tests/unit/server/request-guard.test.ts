import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { badRequestReason, BAD_REQUEST_REASONS, refuseBadRequest } from '../../../lib/server/request-guard';
import { applySecurityHeaders } from '../../../lib/server/security-headers';

/**
 * The portal server's request guard (lib/server/request-guard.ts): targets that would be a 500
 * inside Next or PostgreSQL (docs/reliability.md §2.2) are a 400 with a fixed reason. The running
 * portal is checked end to end by tests/e2e/bad-input.test.ts.
 */
describe('badRequestReason', () => {
  it.each([
    ['/?q=a%00b', 'encoded NUL in the query'],
    ['/api/v1/verify?q=%00', 'encoded NUL alone'],
    ['/accounts/a%00b', 'encoded NUL in the path'],
    ['/accounts/a\0b', 'raw NUL in the path'],
    ['/?q=a\0b', 'raw NUL in the query'],
    ['/page#frag%00', 'encoded NUL in a fragment'],
    ['/page?x=1#a\0', 'raw NUL in a fragment'],
  ])('refuses %j (%s)', (url) => {
    expect(badRequestReason(url)).toBe(BAD_REQUEST_REASONS.nul);
  });

  it.each([
    ['/api/v1/accounts/%FF', 'a byte that is not UTF-8'],
    ['/accounts/%ff', 'lower case'],
    ['/events/%E4%B8', 'a truncated sequence'],
    ['/events/%E4%B8?q=ok', 'a truncated sequence, then a query'],
    ['/accounts/%zz', 'a malformed escape'],
    ['/accounts/%', 'a lone percent sign'],
    ['/accounts/%C0%AF', 'an overlong encoding of /'],
    ['/accounts/%ED%A0%80', 'an encoded surrogate'],
  ])('refuses the path %j (%s)', (url) => {
    expect(badRequestReason(url)).toBe(BAD_REQUEST_REASONS.path);
  });

  it.each([
    ['/', 'the home page'],
    ['/accounts/%E4%B8%AD', 'valid Chinese in the path'],
    ['/?q=%E4%B8%AD%E5%B1%B1', 'valid Chinese in the query'],
    ['/?q=%FF', 'a non-UTF-8 byte in the query (URLSearchParams decodes it to U+FFFD)'],
    ['/?q=%zz&region=%E4%B8', 'malformed escapes in the query'],
    ['/page#%FF', 'a malformed escape in the fragment'],
    ['/?q=%2500', 'an escaped percent sign followed by 00 is text, not NUL'],
    ['/?q=100%25', 'an escaped percent sign'],
    ['/api/wechat/zhongshan-youth?signature=abc&timestamp=1&nonce=2', 'a webhook push'],
  ])('lets %j through (%s)', (url) => {
    expect(badRequestReason(url)).toBeNull();
  });

  it('handles long URLs: valid ones pass, a bad escape at the very end is found', () => {
    const long = `/accounts/${'%E4%B8%AD'.repeat(1500)}?q=${'a'.repeat(4000)}`;
    expect(badRequestReason(long)).toBeNull();
    expect(badRequestReason(`/accounts/${'%E4%B8%AD'.repeat(1500)}%FF`)).toBe(BAD_REQUEST_REASONS.path);
    expect(badRequestReason(`/?q=${'a'.repeat(15000)}%00`)).toBe(BAD_REQUEST_REASONS.nul);
  });

  it('never repeats the input in its reason', () => {
    for (const url of ['/accounts/%FF<script>', '/?q=<b>%00</b>']) {
      const reason = badRequestReason(url);
      expect(reason).not.toBeNull();
      expect(reason).not.toContain('<');
      expect(Object.values(BAD_REQUEST_REASONS)).toContain(reason);
    }
  });
});

describe('refuseBadRequest', () => {
  const servers: http.Server[] = [];
  afterEach(() => Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r)))));

  async function answer(path: string, method = 'GET'): Promise<Response> {
    const server = http.createServer((req, res) => {
      applySecurityHeaders(req, res, 'http://localhost');
      const reason = badRequestReason(req.url ?? '/');
      if (reason) return refuseBadRequest(req, res, reason);
      res.end('served');
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    return fetch(`http://127.0.0.1:${port}${path}`, { method });
  }

  it('answers the API with its JSON error shape and CORS headers, security headers kept', async () => {
    const response = await answer('/api/v1/accounts?q=a%00b');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await response.json()).toEqual({ error: { code: 'bad_request', message: BAD_REQUEST_REASONS.nul } });
  });

  it('answers pages with plain text, no CORS', async () => {
    const response = await answer('/accounts/%FF');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(await response.text()).toBe(BAD_REQUEST_REASONS.path);
  });

  it('sends no body to HEAD, and serves a valid request', async () => {
    const head = await answer('/?q=%00', 'HEAD');
    expect(head.status).toBe(400);
    expect(await head.text()).toBe('');
    const ok = await answer('/accounts/%E4%B8%AD?q=%zz');
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('served');
  });
});
