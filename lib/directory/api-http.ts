import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * The open-data API's HTTP conventions: JSON with stable field names, open CORS (public data,
 * no cookies read), a weak ETag with If-None-Match → 304, short public caching, and one error
 * shape `{ error: { code, message } }` whose code decides the status.
 */
export const API_ERRORS = {
  bad_request: 400,
  not_found: 404,
  method_not_allowed: 405,
  internal: 500,
} as const;
export type ApiErrorCode = keyof typeof API_ERRORS;

export const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
  'Access-Control-Allow-Headers': 'If-None-Match, Content-Type',
  'Access-Control-Expose-Headers': 'ETag',
  'Access-Control-Max-Age': '86400',
} as const;

export function apiError(code: ApiErrorCode, message: string): Response {
  return Response.json(
    { error: { code, message } },
    { status: API_ERRORS[code], headers: { ...CORS_HEADERS, 'Cache-Control': 'no-store' } },
  );
}

/** First zod issue, as a message a developer can act on (`q: must be at most 100 characters`). */
export function zodMessage(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'query'}: ${issue.message}` : 'invalid request';
}

export function apiJson(request: Request, body: unknown, options: { maxAge?: number } = {}): Response {
  const text = JSON.stringify(body);
  const etag = `W/"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`;
  const headers = {
    ...CORS_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    ETag: etag,
    'Cache-Control': `public, max-age=${options.maxAge ?? 60}`,
    'X-Content-Type-Options': 'nosniff',
  };
  const match = request.headers.get('if-none-match');
  if (match && match.split(',').some((tag) => tag.trim() === etag)) return new Response(null, { status: 304, headers });
  return new Response(text, { status: 200, headers });
}

export function preflight(): Response {
  return new Response(null, { status: 204, headers: CORS_HEADERS });
}

/** URLSearchParams → plain object; a repeated key keeps its first value. */
export function queryOf(request: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of new URL(request.url).searchParams) if (!(key in out)) out[key] = value;
  return out;
}
