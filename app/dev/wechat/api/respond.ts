import { env } from '@/lib/env';

/** Shared by the phone's route handlers: one error shape, never cached. */
export type PhoneApiError = 'not_found' | 'invalid_request' | 'unsupported_media_type' | 'simulator_unavailable';

const STATUS: Record<PhoneApiError, number> = {
  not_found: 404,
  invalid_request: 400,
  unsupported_media_type: 415,
  simulator_unavailable: 502,
};

export function json(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { 'cache-control': 'no-store' } });
}

export function apiError(code: PhoneApiError, extra: Record<string, unknown> = {}): Response {
  return json({ error: code, ...extra }, STATUS[code]);
}

/** The simulator is off in production unless WEGOV_SIMULATOR=1: then these routes do not exist. */
export function simulatorOff(): boolean {
  return !env().simulatorEnabled;
}
