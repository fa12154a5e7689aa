import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { Db } from '../../db/client';
import { createWebhookAccountCache } from '../../lib/accounts/webhook-account';
import { errorFields, log } from '../../lib/log';
import { handleWebhook } from '../../lib/webhook/handle-webhook';

export const WEBHOOK_PREFIX = '/api/wechat';

/**
 * Serves /api/wechat/{slug} straight from the HTTP server, with the same handler the Next
 * route (app/api/wechat/[slug]/route.ts) calls. WeChat's pushes are the one hot path: Next's
 * router costs several milliseconds of CPU per request, which on a small machine capped the
 * webhook far below what the database can take (bench/webhook.ts measures both).
 */
export function createWebhookFastPath(db: () => Promise<Db>) {
  const accounts = createWebhookAccountCache();
  const deps = { db, findAccount: accounts.get };
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const slug = decodeURIComponent(url.pathname.slice(WEBHOOK_PREFIX.length + 1));
    if (!slug || slug.includes('/')) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('unknown account');
      return;
    }
    const method = req.method ?? 'GET';
    const hasBody = method !== 'GET' && method !== 'HEAD';
    const request = new Request(url, {
      method,
      headers: req.headers as Record<string, string>,
      ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: 'half' } : {}),
    } as RequestInit);
    handleWebhook(request, slug, deps)
      .then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      })
      .catch((error: unknown) => {
        log.error('webhook.fast_path_failed', errorFields(error));
        if (!res.headersSent) res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('try again');
      });
  };
}
