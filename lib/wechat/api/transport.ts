import { WechatApiCallError } from './errors';

export type Json = Record<string, unknown>;

export interface WechatRequest {
  method: 'GET' | 'POST';
  /** WeChat's path, e.g. `/cgi-bin/message/custom/send`. */
  path: string;
  query?: Record<string, string>;
  body?: Json;
}

/** Sends one HTTP request to the WeChat API and returns its JSON, whatever the errcode. */
export interface WechatTransport {
  request(req: WechatRequest): Promise<Json>;
}

/**
 * fetch against `apiBase` (env().wechatApiBase: api.weixin.qq.com, or the simulator). Network
 * failures, timeouts, HTTP 5xx and non-JSON answers become `transient` errors; an HTTP 200 with
 * an errcode is returned as is, for the caller to classify (WeChat always answers 200, J8).
 */
export function httpTransport(args: { apiBase: string; timeoutMs?: number; fetch?: typeof fetch }): WechatTransport {
  const doFetch = args.fetch ?? fetch;
  const base = args.apiBase.replace(/\/+$/, '');
  const timeoutMs = args.timeoutMs ?? 10_000;
  return {
    async request(req) {
      const url = new URL(base + req.path);
      for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, v);
      let response: Response;
      try {
        response = await doFetch(url, {
          method: req.method,
          headers: req.body ? { 'content-type': 'application/json' } : undefined,
          body: req.body ? JSON.stringify(req.body) : undefined,
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
        throw new WechatApiCallError({
          kind: 'transient',
          errcode: null,
          message: timedOut ? `timed out after ${timeoutMs} ms` : 'connection failed',
        });
      }
      const text = await response.text().catch(() => '');
      if (response.status >= 500) {
        throw new WechatApiCallError({ kind: 'transient', errcode: null, httpStatus: response.status, message: `HTTP ${response.status}` });
      }
      try {
        const parsed = JSON.parse(text) as unknown;
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Json;
      } catch {
        /* falls through */
      }
      throw new WechatApiCallError({ kind: 'transient', errcode: null, httpStatus: response.status, message: 'answer was not JSON' });
    },
  };
}
