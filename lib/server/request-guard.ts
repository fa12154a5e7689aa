import type { IncomingMessage, ServerResponse } from 'node:http';
import { API_ERRORS, CORS_HEADERS } from '../directory/api-http';

/**
 * Request targets no handler can serve, refused by the portal's server before the webhook, the
 * mounts and Next (lib/server/portal-server.ts). Without it, Next's router throws decoding a path
 * like `/accounts/%FF` and PostgreSQL refuses a `q` holding NUL (docs/reliability.md §2.2,
 * SQLSTATE 22021); both were answered 500. A refused request gets a fixed short reason, never
 * its own input back.
 */
export const BAD_REQUEST_REASONS = {
  nul: 'The address contains a NUL character.',
  path: 'The address path is not valid percent-encoded UTF-8.',
} as const;

export type BadRequestReason = (typeof BAD_REQUEST_REASONS)[keyof typeof BAD_REQUEST_REASONS];

/** `%00` in any letter case (hex digits), or a raw NUL. */
const NUL = /%00|\0/;

/**
 * Why this request target must be refused, or null. The rules:
 * - a NUL, encoded or raw, anywhere (path, query, fragment): no page or query can use one;
 * - a path that does not decode as UTF-8 (`%FF`, a truncated `%E4%B8`, a malformed `%zz`).
 * A malformed escape in the query is left alone: URLSearchParams decodes it leniently (`%zz`
 * stays literal text) and the pages validate their parameters themselves.
 */
export function badRequestReason(url: string): BadRequestReason | null {
  if (NUL.test(url)) return BAD_REQUEST_REASONS.nul;
  const end = url.search(/[?#]/);
  const path = end < 0 ? url : url.slice(0, end);
  // Only paths with an escape can fail to decode; the common case costs one scan.
  if (path.includes('%')) {
    try {
      decodeURIComponent(path);
    } catch {
      return BAD_REQUEST_REASONS.path;
    }
  }
  return null;
}

export const API_PREFIX = '/api/v1';

/**
 * Answers a refused request: the open-data API's error shape and CORS headers under /api/v1
 * (lib/directory/api-http.ts `apiError`), plain text elsewhere. The security headers were set
 * before this runs.
 */
export function refuseBadRequest(req: IncomingMessage, res: ServerResponse, reason: BadRequestReason): void {
  const url = req.url ?? '/';
  const api = url === API_PREFIX || url.startsWith(`${API_PREFIX}/`) || url.startsWith(`${API_PREFIX}?`);
  const headers = api
    ? { ...CORS_HEADERS, 'Cache-Control': 'no-store', 'Content-Type': 'application/json; charset=utf-8' }
    : { 'Cache-Control': 'no-store', 'Content-Type': 'text/plain; charset=utf-8' };
  const body = api ? JSON.stringify({ error: { code: 'bad_request', message: reason } }) : reason;
  // The body was never read: close the connection rather than drain it.
  res.writeHead(API_ERRORS.bad_request, { ...headers, Connection: 'close' });
  res.end(req.method === 'HEAD' ? undefined : body);
}
