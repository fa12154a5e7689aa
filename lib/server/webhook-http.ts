import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '../../db/client';
import { createWebhookAccountCache } from '../accounts/webhook-account';
import { errorFields, log } from '../log';
import { answerWebhook } from '../webhook/handle-webhook';
import { readBody } from '../webhook/read-body';

export const WEBHOOK_PREFIX = '/api/wechat';

/**
 * The one host of the WeChat webhook: /api/wechat/{slug} on the portal's node:http server
 * (lib/server/portal-server.ts), never through Next's router. WeChat's pushes are the one hot
 * path, and Next's router, even the Fetch API's Request/Response and web streams, cost more CPU
 * per push than storing it (bench/webhook.ts measures the whole path; the README has figures).
 */
export function createWebhookHttpHandler(db: () => Promise<Db>, options: { deadlineMs?: number } = {}) {
  const accounts = createWebhookAccountCache();
  const deps = { db, findAccount: accounts.get, deadlineMs: options.deadlineMs };
  return (req: IncomingMessage, res: ServerResponse): void => {
    // Split by hand: a WHATWG URL per push was a measurable share of the CPU under load.
    const target = req.url ?? '/';
    const queryAt = target.indexOf('?');
    const path = queryAt < 0 ? target : target.slice(0, queryAt);
    let slug = '';
    try {
      slug = decodeURIComponent(path.slice(WEBHOOK_PREFIX.length + 1));
    } catch {
      // A malformed %-escape names no account.
    }
    if (!slug || slug.includes('/')) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('unknown account');
      return;
    }
    let bodyLeftUnread = false;
    const input = {
      method: req.method ?? 'GET',
      query: new URLSearchParams(queryAt < 0 ? '' : target.slice(queryAt + 1)),
      declaredLength: req.headers['content-length'] ?? null,
      readBody: (limit: number) =>
        readBody(req, limit).catch((error: unknown) => {
          bodyLeftUnread = true;
          throw error;
        }),
    };
    answerWebhook(input, slug, deps)
      .then((output) => {
        // A refused or unread body must not be drained: close the connection after answering.
        const headers = bodyLeftUnread || !req.complete ? { ...output.headers, connection: 'close' } : output.headers;
        res.writeHead(output.status, headers).end(output.body);
      })
      .catch((error: unknown) => {
        log.error('webhook.http_failed', errorFields(error));
        if (!res.headersSent) res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' }).end('try again');
      });
  };
}
