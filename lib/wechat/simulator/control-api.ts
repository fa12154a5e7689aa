import { z } from 'zod';
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
): ControlAnswer {
  const route = `${method} ${path}`;
  switch (route) {
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

/** Control calls may still hit WeChat-rule errors (e.g. an unknown app); answer them plainly. */
export function controlError(err: unknown): ControlAnswer | undefined {
  if (err instanceof WechatApiError) return { status: 400, body: { error: 'rejected', errcode: err.errcode, errmsg: err.message } };
  return undefined;
}
