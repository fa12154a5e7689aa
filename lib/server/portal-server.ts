import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import next from 'next';
import type { Db } from '../../db/client';
import { stampClientIp } from '../auth/client-ip';
import { env } from '../env';
import { errorFields, log } from '../log';
import { badRequestReason, refuseBadRequest } from './request-guard';
import { applySecurityHeaders } from './security-headers';
import { createWebhookHttpHandler, WEBHOOK_PREFIX } from './webhook-http';

export interface HttpServerOptions {
  dev: boolean;
  host: string;
  port: number;
  /** The database the webhook stores pushes in (the pages reach it through db/index.ts). */
  db: () => Promise<Db>;
  /** Extra handlers tried before Next (the in-process WeChat simulator in the demo). */
  mounts?: Array<{ prefix: string; handler: (req: IncomingMessage, res: ServerResponse) => void }>;
}

/**
 * The portal's HTTP server, `npm start`'s and `npm run dev`'s alike: the WeChat webhook
 * (/api/wechat/{slug}, served here and nowhere else), then any mounts, then Next for every page.
 * `next start` cannot set header/body timeouts, and their expiry is checked only every 30 s by
 * default (docs/reliability.md H1/H2, docs/stack.md trap 8). It also stamps the client's address
 * (the socket's, or X-Forwarded-For's from a trusted proxy) into a header clients cannot forge,
 * for login throttling.
 */
export async function startPortalServer(options: HttpServerOptions): Promise<{ server: http.Server; close(graceMs?: number): Promise<void> }> {
  const app = next({ dev: options.dev, hostname: options.host, port: options.port, dir: process.cwd() });
  await app.prepare();
  const handle = app.getRequestHandler();
  const webhook = createWebhookHttpHandler(options.db);
  const mounts = [{ prefix: WEBHOOK_PREFIX, handler: webhook }, ...(options.mounts ?? [])];
  // X-Forwarded-For only from TRUSTED_PROXIES, so every per-client limit counts the real client (E2, E7).
  const trustedProxies = env().TRUSTED_PROXIES;
  const server = http.createServer(
    {
      headersTimeout: 10_000,
      requestTimeout: 15_000,
      connectionsCheckingInterval: 1_000,
      maxHeaderSize: 16_384,
      keepAliveTimeout: 5_000,
    },
    (req, res) => {
      // First, so every answer has them: pages, 404s, errors, API, static files, webhook, simulator.
      applySecurityHeaders(req, res);
      stampClientIp(req, trustedProxies);
      const url = req.url ?? '/';
      // Before every handler: a path that is not UTF-8 or a NUL anywhere would be a 500 inside
      // Next or PostgreSQL (docs/reliability.md §2.2); it is a 400 here, the webhook included.
      const reason = badRequestReason(url);
      if (reason) return refuseBadRequest(req, res, reason);
      for (const mount of mounts) {
        if (url === mount.prefix || url.startsWith(`${mount.prefix}/`)) return mount.handler(req, res);
      }
      handle(req, res).catch((error: unknown) => {
        log.error('http.unhandled', { path: url.split('?')[0], ...errorFields(error) });
        if (!res.headersSent) {
          res.statusCode = 500;
          res.end('internal error');
        }
      });
    },
  );
  await new Promise<void>((resolve, reject) => {
    // A second instance must fail loudly, not keep running without listening (trap 8).
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    server,
    /**
     * Stops accepting connections and closes idle ones at once (a keep-alive browser must not hold
     * the stop up); requests in flight get `graceMs` — WeChat's own limit, 5 s, by default — and
     * whatever is still open then is cut.
     */
    close: (graceMs = 5_000) =>
      new Promise<void>((resolve) => {
        // A connection whose last request finishes during the drain is idle from then on.
        const sweep = setInterval(() => server.closeIdleConnections(), 100);
        const done = () => {
          clearInterval(sweep);
          clearTimeout(deadline);
          resolve();
        };
        const deadline = setTimeout(() => {
          server.closeAllConnections();
          done();
        }, graceMs);
        server.close(done);
        server.closeIdleConnections();
      }),
  };
}
