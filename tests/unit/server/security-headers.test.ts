import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  applySecurityHeaders,
  DENIED_FEATURES,
  newNonce,
  pageCsp,
  securityHeaders,
  servedOverHttps,
} from '../../../lib/server/security-headers';

/** The headers of every response (lib/server/security-headers.ts); the browser-side checks are tests/e2e/security-headers.test.ts. */

const plainSocket = { socket: {} } as unknown as Pick<IncomingMessage, 'socket'>;
const tlsSocket = { socket: { encrypted: true } } as unknown as Pick<IncomingMessage, 'socket'>;

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name!, values];
    }),
  );
}

describe('securityHeaders', () => {
  it('sends HSTS over https only', () => {
    expect(securityHeaders({ https: true })['Strict-Transport-Security']).toBe('max-age=31536000; includeSubDomains');
    expect(securityHeaders({ https: false })).not.toHaveProperty('Strict-Transport-Security');
  });

  it('sends the fixed headers either way', () => {
    for (const https of [true, false]) {
      const headers = securityHeaders({ https });
      expect(headers['X-Content-Type-Options']).toBe('nosniff');
      expect(headers['Referrer-Policy']).toBe('strict-origin-when-cross-origin');
      expect(headers['X-Frame-Options']).toBe('DENY');
      const csp = directives(headers['Content-Security-Policy']!);
      expect(csp.get('default-src')).toEqual(["'none'"]);
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    }
  });

  it('denies camera, microphone, geolocation, payment and usb, and leaves the clipboard alone', () => {
    const policy = securityHeaders({ https: false })['Permissions-Policy']!;
    for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb']) expect(policy).toContain(`${feature}=()`);
    expect(policy.split(', ')).toHaveLength(DENIED_FEATURES.length);
    expect(policy.split(', ').every((entry) => /^[a-z-]+=\(\)$/.test(entry))).toBe(true);
    expect(policy).not.toContain('clipboard');
  });
});

describe('servedOverHttps', () => {
  it('is true for an https public URL or a TLS socket, false for the http demo', () => {
    expect(servedOverHttps(plainSocket, 'https://wegov.example.gov.cn')).toBe(true);
    expect(servedOverHttps(tlsSocket, 'http://localhost:3000')).toBe(true);
    expect(servedOverHttps(plainSocket, 'http://localhost:3000')).toBe(false);
    expect(servedOverHttps(plainSocket, 'not a url')).toBe(false);
  });
});

describe('applySecurityHeaders on a real server', () => {
  const servers: http.Server[] = [];
  afterEach(() => Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r)))));

  async function serve(publicUrl: string, forwardedProto?: string): Promise<Headers> {
    const server = http.createServer((req, res) => {
      applySecurityHeaders(req, res, publicUrl);
      // A handler's own headers are merged with them, as the webhook's writeHead does.
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('unknown account');
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/api/wechat/nobody`, {
      headers: forwardedProto ? { 'x-forwarded-proto': forwardedProto } : {},
    });
    await response.text();
    return response.headers;
  }

  it('keeps HSTS off the plain-http demo, even when a client claims https', async () => {
    const headers = await serve('http://localhost:3000', 'https');
    expect(headers.get('strict-transport-security')).toBeNull();
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect(headers.get('content-type')).toBe('text/plain; charset=utf-8');
  });

  it('sends HSTS when the public URL is https (TLS ends at a proxy in front)', async () => {
    const headers = await serve('https://wegov.example.gov.cn');
    expect(headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    expect(headers.get('permissions-policy')).toContain('camera=()');
  });
});

describe('pageCsp', () => {
  it('allows scripts by nonce only, with strict-dynamic, and eval in development only', () => {
    const production = directives(pageCsp({ nonce: 'abc123', dev: false }));
    expect(production.get('script-src')).toEqual(["'self'", "'nonce-abc123'", "'strict-dynamic'"]);
    expect(directives(pageCsp({ nonce: 'abc123', dev: true })).get('script-src')).toContain("'unsafe-eval'");
    expect(production.get('script-src')).not.toContain("'unsafe-inline'");
  });

  it('limits images to the portal, data:, blob: and WeChat image hosts', () => {
    const images = directives(pageCsp({ nonce: 'n', dev: false })).get('img-src');
    expect(images).toEqual(["'self'", 'data:', 'blob:', 'mmbiz.qpic.cn', '*.qpic.cn', 'wx.qlogo.cn', 'thirdwx.qlogo.cn']);
    expect(directives(pageCsp({ nonce: 'n', dev: false, anyHttpsImages: true })).get('img-src')).toContain('https:');
  });

  it('forbids framing, plugins, foreign base URLs and foreign form targets', () => {
    const csp = directives(pageCsp({ nonce: 'n', dev: false }));
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'self'"]);
    expect(csp.get('form-action')).toEqual(["'self'"]);
    // No nonce among the styles: it would switch 'unsafe-inline' (style attributes) off.
    expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
  });
});

describe('newNonce', () => {
  it('is 128 random bits in base64, fresh each time', () => {
    const nonces = new Set(Array.from({ length: 100 }, () => newNonce()));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
  });
});
