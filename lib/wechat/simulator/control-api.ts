import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ENCODING_AES_KEY_PATTERN, TOKEN_PATTERN } from '../../accounts/generate';
import { computeSignature } from '../signature';
import type { WechatApiState } from './api-state';
import { WechatApiError } from './errcodes';
import { FaultScriptSchema } from './faults';

/**
 * The simulator's own JSON API under `/__sim/`, for the citizen phone UI and tests. Unlike the
 * WeChat endpoints it uses ordinary HTTP statuses: it is ours, not WeChat's.
 */

const AppSchema = z.object({
  appId: z.string().min(1).max(64),
  appSecret: z.string().min(1).max(256),
  accountType: z.enum(['subscription', 'service']),
  verified: z.boolean(),
  dailyLimits: z.record(z.string(), z.number().int().min(0)).optional(),
});

// 「注册测试号」: WeChat hands out the AppID and AppSecret; the tester only picks the kind.
const NewAppSchema = z
  .object({ accountType: z.enum(['subscription', 'service']).default('service'), verified: z.boolean().default(true) })
  .default({ accountType: 'service', verified: true });

// 「服务器配置」 → 提交: WeChat saves the settings only after the URL answers its signed GET.
const ServerSchema = z.object({
  appId: z.string().min(1),
  url: z.url({ protocol: /^https?$/ }).max(500),
  token: z.string().regex(TOKEN_PATTERN),
  encodingAesKey: z.string().regex(ENCODING_AES_KEY_PATTERN).nullable().default(null),
  mode: z.enum(['plaintext', 'compatible', 'safe']),
});

const InteractionSchema = z.object({
  appId: z.string().min(1),
  openid: z.string().min(1).max(64),
  kind: z.enum(['message', 'click', 'subscribe', 'unsubscribe', 'scan']),
  scene: z.union([z.number().int(), z.string().max(64)]).optional(),
  ticket: z.string().min(1).optional(),
  subscribeScene: z.string().regex(/^ADD_SCENE_[A-Z_]+$/).optional(),
  at: z.number().int().nonnegative().optional(),
});

// The phone records its own side of the conversation; payloads mirror custom/send's JSON shape
// ({content}, {articles}, …) so one renderer shows passive replies and deliveries alike.
const ChatSchema = z.object({
  appId: z.string().min(1),
  openid: z.string().min(1).max(64),
  via: z.enum(['citizen', 'passive', 'system']),
  msgtype: z.string().min(1).max(32),
  payload: z.record(z.string(), z.unknown()),
  at: z.number().int().nonnegative().optional(),
});

const ResetSchema = z.object({ keepApps: z.boolean().default(true) }).default({ keepApps: true });

const optionalInt = z.coerce.number().int().nonnegative().optional();
const InboxQuery = z.object({
  appId: z.string().min(1),
  openid: z.string().min(1),
  since: optionalInt,
  after: optionalInt,
});

export interface ControlAnswer {
  status: number;
  body: unknown;
}

const ok = (body: Record<string, unknown> = {}): ControlAnswer => ({ status: 200, body: { ok: true, ...body } });
const notFound = (what = 'not_found'): ControlAnswer => ({ status: 404, body: { error: what } });

function invalid(error: z.ZodError): ControlAnswer {
  return { status: 400, body: { error: 'invalid_request', issues: z.flattenError(error) } };
}

function queryObject(query: URLSearchParams): Record<string, string> {
  return Object.fromEntries([...query].filter(([, v]) => v !== ''));
}

export function handleControl(
  state: WechatApiState,
  method: string,
  path: string,
  query: URLSearchParams,
  body: unknown,
  deps: { fetch?: typeof fetch } = {},
): ControlAnswer | Promise<ControlAnswer> {
  const route = `${method} ${path}`;
  switch (route) {
    case 'POST /__sim/apps/new': {
      const input = NewAppSchema.safeParse(body ?? undefined);
      if (!input.success) return invalid(input.error);
      const reg = { appId: `wx${randomBytes(8).toString('hex')}`, appSecret: randomBytes(16).toString('hex'), ...input.data };
      state.registerApp(reg);
      return ok({ appId: reg.appId, appSecret: reg.appSecret });
    }
    case 'POST /__sim/apps/server': {
      const input = ServerSchema.safeParse(body);
      if (!input.success) return invalid(input.error);
      const app = state.app(input.data.appId);
      if (!app) return notFound('unknown_app');
      if (input.data.mode !== 'plaintext' && !input.data.encodingAesKey) return { status: 400, body: { error: 'encoding_aes_key_required' } };
      const { appId: _appId, ...server } = input.data;
      return verifyServerUrl(server, deps.fetch ?? fetch).then((failure) => {
        if (failure) return { status: 400, body: { error: 'url_verification_failed', ...failure } };
        state.registerApp({ ...app.reg, server });
        return ok();
      });
    }
    case 'GET /__sim/health':
      return ok({ apps: state.listApps().length, now: state.now() });
    case 'GET /__sim/apps':
      return ok({ apps: state.listApps() });
    case 'POST /__sim/apps': {
      const input = AppSchema.safeParse(body);
      if (!input.success) return invalid(input.error);
      state.registerApp(input.data);
      return ok();
    }
    case 'POST /__sim/interactions': {
      const input = InteractionSchema.safeParse(body);
      if (!input.success) return invalid(input.error);
      if (!state.app(input.data.appId)) return notFound('unknown_app');
      const follower = state.recordInteraction(input.data);
      return ok({ follower, window: state.serviceWindow(input.data.appId, input.data.openid) });
    }
    case 'GET /__sim/inbox': {
      const input = InboxQuery.safeParse(queryObject(query));
      if (!input.success) return invalid(input.error);
      const { appId, openid, since, after } = input.data;
      return ok({
        messages: state.inbox(appId, openid, { since, after }),
        window: state.serviceWindow(appId, openid),
        typing: state.isTyping(appId, openid),
      });
    }
    case 'POST /__sim/chat': {
      const input = ChatSchema.safeParse(body);
      if (!input.success) return invalid(input.error);
      if (!state.app(input.data.appId)) return notFound('unknown_app');
      return ok({ entry: state.recordChat(input.data) });
    }
    case 'GET /__sim/conversation': {
      const input = InboxQuery.safeParse(queryObject(query));
      if (!input.success) return invalid(input.error);
      const { appId, openid, since, after } = input.data;
      if (!state.app(appId)) return notFound('unknown_app');
      return ok({
        messages: state.conversation(appId, openid, { since, after }),
        window: state.serviceWindow(appId, openid),
        typing: state.isTyping(appId, openid),
      });
    }
    case 'GET /__sim/followers': {
      const appId = query.get('appId');
      if (!appId || !state.app(appId)) return notFound('unknown_app');
      return ok({ followers: state.followers(appId) });
    }
    case 'GET /__sim/mass-jobs': {
      const appId = query.get('appId');
      if (!appId || !state.app(appId)) return notFound('unknown_app');
      return ok({ jobs: state.massJobs(appId) });
    }
    case 'GET /__sim/calls':
      return ok({
        calls: state.calls({ path: query.get('path') ?? undefined, appId: query.get('appId') ?? undefined }),
      });
    case 'GET /__sim/qrcode': {
      const ticket = query.get('ticket');
      const code = ticket ? state.resolveTicket(ticket) : undefined;
      return code ? ok({ qrcode: code }) : notFound('unknown_ticket');
    }
    case 'GET /__sim/script':
      return ok({ scripts: state.pendingScripts() });
    case 'POST /__sim/script': {
      const input = FaultScriptSchema.safeParse(body);
      if (!input.success) return invalid(input.error);
      return ok({ script: state.script(input.data) });
    }
    case 'POST /__sim/reset': {
      const input = ResetSchema.safeParse(body ?? undefined);
      if (!input.success) return invalid(input.error);
      state.reset(input.data);
      return ok();
    }
    default:
      return notFound();
  }
}

/**
 * WeChat's check when server settings are saved: a GET with signature, timestamp, nonce and
 * echostr; the URL must answer 200 with the echostr ("Token验证失败" otherwise).
 */
async function verifyServerUrl(server: { url: string; token: string }, doFetch: typeof fetch): Promise<{ status: number | null } | null> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = String(randomBytes(4).readUInt32BE());
  const echostr = randomBytes(8).toString('hex');
  const url = new URL(server.url);
  for (const [k, v] of Object.entries({ signature: computeSignature([server.token, timestamp, nonce]), timestamp, nonce, echostr })) url.searchParams.set(k, v);
  try {
    const response = await doFetch(url, { redirect: 'manual', signal: AbortSignal.timeout(5_000) });
    const text = await response.text();
    return response.status === 200 && text === echostr ? null : { status: response.status };
  } catch {
    return { status: null };
  }
}

/** What the guard needs to know about a request to the control API. */
export interface ControlCaller {
  /** The socket's peer and own addresses (`req.socket.remoteAddress` / `localAddress`). */
  remoteAddress: string | undefined;
  localAddress: string | undefined;
  headers: Record<string, string | string[] | undefined>;
}

export type ControlGuard = (caller: ControlCaller) => ControlAnswer | undefined;

const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip'];
// A browser's request, whatever page made it: `Origin` on cross-origin and non-GET requests,
// `Sec-Fetch-Site` on every request to a secure context (localhost is one). Node's fetch sends
// neither.
const BROWSER_HEADERS = ['origin', 'sec-fetch-site'];

function bare(address: string): string {
  const lower = address.toLowerCase().replace(/^\[|\]$/g, '');
  return lower.startsWith('::ffff:') && lower.includes('.') ? lower.slice('::ffff:'.length) : lower;
}

function isLoopback(address: string): boolean {
  const ip = bare(address);
  return ip === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ip);
}

function hostName(header: string): string | undefined {
  try {
    return bare(new URL(`http://${header}`).hostname);
  } catch {
    return undefined;
  }
}

/**
 * The guard of a simulator mounted in the portal (scripts/lib/demo-simulator.ts): the control
 * API answers programs on this machine only — the portal's own server-side phone routes
 * (app/dev/wechat/api, lib/wechat/simulator/phone.ts) and the tests — and refuses everyone else
 * with 403, because it shows citizens' openids and staff replies and can reset or script the
 * fake WeChat. Allowed means all of:
 *
 * - the connection comes from a loopback address, or from this machine's own address (a portal
 *   whose public URL is its LAN address calls itself through it);
 * - no forwarding header: a reverse proxy on this machine relays other machines' requests;
 * - not a browser (no `Origin`, no `Sec-Fetch-Site`): a page, even one on this machine, must
 *   neither drive nor read it — the phone UI goes through the portal's routes;
 * - `Host` names this machine (`localhost`, a loopback address or its own address), so a name
 *   rebound to 127.0.0.1 by someone's DNS is refused too. The portal reaches the simulator at
 *   NEXTAUTH_URL (lib/env), which is `localhost` or an address in the demo; a portal whose public
 *   URL is a domain name behind a reverse proxy cannot tell its own calls from a stranger's
 *   relayed ones, so there the phone's reports are refused as well.
 *
 * The WeChat endpoints (`/cgi-bin/…`) are not guarded: they check the AppSecret and the token as
 * WeChat does, and the portal's outbox calls them.
 */
export function localControlOnly(): ControlGuard {
  const refuse = (reason: string): ControlAnswer => ({ status: 403, body: { error: 'forbidden', reason } });
  return ({ remoteAddress, localAddress, headers }) => {
    const fromThisMachine =
      remoteAddress !== undefined && (isLoopback(remoteAddress) || (localAddress !== undefined && bare(remoteAddress) === bare(localAddress)));
    if (!fromThisMachine) return refuse('local_only');
    if (FORWARDING_HEADERS.some((name) => headers[name] !== undefined)) return refuse('local_only');
    if (BROWSER_HEADERS.some((name) => headers[name] !== undefined)) return refuse('no_browsers');
    const host = typeof headers.host === 'string' ? hostName(headers.host) : undefined;
    const known = host !== undefined && (host === 'localhost' || isLoopback(host) || (localAddress !== undefined && host === bare(localAddress)));
    if (!known) return refuse('local_only');
    return undefined;
  };
}

/** Control calls may still hit WeChat-rule errors (e.g. an unknown app); answer them plainly. */
export function controlError(err: unknown): ControlAnswer | undefined {
  if (err instanceof WechatApiError) return { status: 400, body: { error: 'rejected', errcode: err.errcode, errmsg: err.message } };
  return undefined;
}
