import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dispatchApiCall, type ApiAnswer } from './api-routes';
import { WechatApiState } from './api-state';
import { controlError, handleControl, type ControlGuard } from './control-api';
import { errorBody } from './errcodes';

/** WeChat rejects huge bodies long before this; 1 MiB bounds the simulator's memory. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** WeChat's own JSON content type, including its odd `encoding=` parameter. */
const WECHAT_JSON = 'application/json; encoding=utf-8';

export interface WechatApiHandlerOptions {
  /** Mount point, e.g. `/__wechat-sim` when the app's server hosts the simulator. */
  prefix?: string;
  /**
   * Decides who may use the control API (`/__sim/…`); unset, anyone who can connect may (the
   * standalone simulator listens on 127.0.0.1). The portal's mount passes `localControlOnly()`.
   */
  controlGuard?: ControlGuard;
}

export type WechatApiHandler = ((req: IncomingMessage, res: ServerResponse) => void) & {
  /** Ends scripted delays still waiting, so a server can close promptly. */
  abortPending(): void;
};

type Body = { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'bad' } | { kind: 'too-large' };

function readBody(req: IncomingMessage): Promise<Body> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
      resolve({ kind: 'too-large' });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        done = true;
        resolve({ kind: 'too-large' });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve({ kind: 'none' });
      try {
        resolve({ kind: 'json', value: JSON.parse(text) as unknown });
      } catch {
        resolve({ kind: 'bad' });
      }
    });
    req.on('error', (err) => {
      if (!done) reject(err);
    });
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, contentType = WECHAT_JSON): void {
  if (res.writableEnded || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}

function sendAnswer(res: ServerResponse, answer: ApiAnswer): void {
  if (answer.kind === 'drop') {
    res.socket?.destroy();
    res.destroy();
    return;
  }
  if (answer.kind === 'json') return sendJson(res, answer.httpStatus, answer.body);
  if (res.writableEnded || res.destroyed) return;
  const isJson = answer.body.startsWith('{');
  res.writeHead(answer.httpStatus, {
    'Content-Type': isJson ? WECHAT_JSON : 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(answer.body),
  });
  res.end(answer.body);
}

function normalisePrefix(prefix: string | undefined): string {
  if (!prefix || prefix === '/') return '';
  return `/${prefix.replace(/^\/+|\/+$/g, '')}`;
}

/**
 * The fake api.weixin.qq.com as a plain node:http handler, so the app's custom server can mount
 * it under a prefix. WeChat endpoints live at their real paths (`/cgi-bin/...`) below the prefix;
 * the simulator's control API at `/__sim/...`.
 */
export function createWechatApiHandler(state: WechatApiState, opts: WechatApiHandlerOptions = {}): WechatApiHandler {
  const prefix = normalisePrefix(opts.prefix);
  let lifetime = new AbortController();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    if (prefix && url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) {
      return sendJson(res, 404, { error: 'not_found' }, 'application/json');
    }
    const path = url.pathname.slice(prefix.length) || '/';
    if (path.startsWith('/__sim/') && opts.controlGuard) {
      const refused = opts.controlGuard({ remoteAddress: req.socket.remoteAddress, localAddress: req.socket.localAddress, headers: req.headers });
      if (refused) {
        // The body is never read; closing the connection keeps it from being parsed as a request.
        res.setHeader('Connection', 'close');
        return sendJson(res, refused.status, refused.body, 'application/json');
      }
    }
    const body = await readBody(req);
    if (body.kind === 'too-large') {
      res.setHeader('Connection', 'close');
      return sendJson(res, 413, errorBody(47001, 'data format error, hint: [body over 1 MiB]'));
    }

    if (path.startsWith('/__sim/')) {
      if (body.kind === 'bad') return sendJson(res, 400, { error: 'invalid_json' }, 'application/json');
      let answer;
      try {
        answer = await handleControl(state, method, path, url.searchParams, body.kind === 'json' ? body.value : undefined);
      } catch (err) {
        answer = controlError(err);
        if (!answer) throw err;
      }
      return sendJson(res, answer.status, answer.body, 'application/json');
    }

    if (!path.startsWith('/cgi-bin/')) return sendJson(res, 404, { error: 'not_found' }, 'application/json');

    // A client that gives up (timeout) ends its scripted delay too.
    const perCall = new AbortController();
    const onClose = () => perCall.abort(new Error('client closed'));
    res.on('close', onClose);
    const signal = AbortSignal.any([lifetime.signal, perCall.signal]);
    try {
      const answer = await dispatchApiCall(
        state,
        {
          method,
          path,
          query: url.searchParams,
          body: body.kind === 'json' ? body.value : undefined,
          badJson: body.kind === 'bad',
        },
        signal,
      );
      sendAnswer(res, answer);
    } catch (err) {
      if (signal.aborted) {
        res.destroy();
        return;
      }
      throw err;
    } finally {
      res.off('close', onClose);
    }
  };

  const handler = ((req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((err: unknown) => {
      console.error('[wechat-sim] request failed', err);
      sendJson(res, 500, errorBody(-1));
    });
  }) as WechatApiHandler;
  handler.abortPending = () => {
    lifetime.abort(new Error('simulator closing'));
    lifetime = new AbortController();
  };
  return handler;
}

export interface StartWechatApiSimulatorOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  state?: WechatApiState;
}

export interface RunningWechatApiSimulator {
  /** Base URL to use as WECHAT_API_BASE, without a trailing slash. */
  url: string;
  state: WechatApiState;
  close(): Promise<void>;
}

export async function startWechatApiSimulator(opts: StartWechatApiSimulatorOptions = {}): Promise<RunningWechatApiSimulator> {
  const state = opts.state ?? new WechatApiState();
  const host = opts.host ?? '127.0.0.1';
  const handler = createWechatApiHandler(state);
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    state,
    close: () =>
      new Promise<void>((resolve, reject) => {
        handler.abortPending();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
