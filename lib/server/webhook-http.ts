import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '../../db/client';
import { createWebhookAccountCache } from '../../lib/accounts/webhook-account';
import { errorFields, log } from '../../lib/log';
import { answerWebhook } from '../../lib/webhook/handle-webhook';
import { readNodeBodyText } from '../../lib/webhook/read-body';

export const WEBHOOK_PREFIX = '/api/wechat';

/**
 * Serves /api/wechat/{slug} straight from the HTTP server, with the same handler the Next
 * route (app/api/wechat/[slug]/route.ts) calls. WeChat's pushes are the one hot path: Next's
 * router, and even the Fetch API's Request/Response and web streams, cost more CPU per push
 * than storing it (bench/webhook.ts measures the whole path; the README has the figures).
 */
export function createWebhookFastPath(db: () => Promise<Db>) {
  const accounts = createWebhookAccountCache();
  const deps = { db, findAccount: accounts.get };
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
        readNodeBodyText(req, limit).catch((error: unknown) => {
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
        log.error('webhook.fast_path_failed', errorFields(error));
        if (!res.headersSent) res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' }).end('try again');
      });
  };
}
