import type { AppData, AppRegistration } from './app-data';
import type { WechatApiState } from './api-state';
import { redactBody, redactQuery } from './call-log';
import { bodyFromError, errorBody, WechatApiError } from './errcodes';
import { assertWindowOpen, requireKnownOpenid, spendWindow } from './followers';
import { massDelete, massPreview, massSend, massStatus } from './mass';
import { parseMenu } from './menu';
import { draftAdd, draftGet, freepublishGet, freepublishSubmit } from './publish';
import { CUSTOM_MSGTYPES, readPayload } from './messages';
import { createQrCode } from './qrcodes';
import { batchTag, createTag, deleteTag, fansOf, listTags, requireTag, updateTag } from './tags';
import { templateSend } from './templates';
import { batchUserInfo, listFollowers, pageOpenids, updateRemark, userInfo } from './users';

type Json = Record<string, unknown>;

/** What each account type may call, docs/wechat-protocol.md §0; anything else is 48001. */
export type Capability = 'menu' | 'customService' | 'massByTag' | 'massByOpenid' | 'template' | 'users' | 'qrcode' | 'publish';

export function mayCall(reg: AppRegistration, capability: Capability): boolean {
  switch (capability) {
    case 'menu':
      return reg.verified || reg.accountType === 'service';
    case 'customService':
    case 'massByTag':
    case 'users':
    // Guess: the draft box and publishing are open to verified accounts, like mass sending.
    case 'publish':
      return reg.verified;
    case 'massByOpenid':
    case 'template':
    case 'qrcode':
      return reg.verified && reg.accountType === 'service';
  }
}

interface RouteContext {
  state: WechatApiState;
  app: AppData;
  query: URLSearchParams;
  body: Json;
}

interface Route {
  /** POST-only endpoints answer 43002 to a GET; GET endpoints accept either, as WeChat's do. */
  method: 'GET' | 'POST';
  capability?: Capability;
  run(ctx: RouteContext): object;
}

const OK = { errcode: 0, errmsg: 'ok' } as const;

function int(v: unknown, field: string): number {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new WechatApiError(47001, `${field} must be an integer`);
  return n;
}

function text(v: unknown, field: string): string {
  if (typeof v !== 'string') throw new WechatApiError(47001, `${field} must be a string`);
  return v;
}

function stringList(v: unknown, field: string): string[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) {
    throw new WechatApiError(47001, `${field} must be a list of strings`);
  }
  return v as string[];
}

function tagBody(body: Json): Json {
  const tag = body.tag;
  if (typeof tag !== 'object' || tag === null) throw new WechatApiError(47001, 'tag object missing');
  return tag as Json;
}

/** WeChat's real paths (docs/wechat-protocol.md §6), relative to the API base. */
const ROUTES: Readonly<Record<string, Route>> = {
  '/cgi-bin/message/custom/send': {
    method: 'POST',
    capability: 'customService',
    run: ({ state, app, body }) => {
      requireKnownOpenid(app, body.touser);
      const { msgtype, payload } = readPayload(body, CUSTOM_MSGTYPES);
      spendWindow(app, body.touser, state.now());
      state.deliver(app, body.touser as string, { via: 'custom', msgtype, payload });
      return { ...OK };
    },
  },
  '/cgi-bin/message/custom/typing': {
    method: 'POST',
    capability: 'customService',
    run: ({ state, app, body }) => {
      if (body.command !== 'Typing' && body.command !== 'CancelTyping') {
        throw new WechatApiError(47001, 'command must be Typing or CancelTyping');
      }
      // Guess: typing needs an open window like a message does, but spends none of it.
      assertWindowOpen(app, body.touser, state.now());
      state.setTyping(app, body.touser as string, body.command === 'Typing');
      return { ...OK };
    },
  },
  '/cgi-bin/message/mass/sendall': {
    method: 'POST',
    capability: 'massByTag',
    run: ({ state, app, body }) => ({ errcode: 0, errmsg: 'send job submission success', ...massSend(state, app, 'sendall', body) }),
  },
  '/cgi-bin/message/mass/send': {
    method: 'POST',
    capability: 'massByOpenid',
    run: ({ state, app, body }) => ({ errcode: 0, errmsg: 'send job submission success', ...massSend(state, app, 'send', body) }),
  },
  '/cgi-bin/message/mass/preview': {
    method: 'POST',
    capability: 'massByTag',
    run: ({ state, app, body }) => ({ errcode: 0, errmsg: 'preview success', ...massPreview(state, app, body) }),
  },
  '/cgi-bin/message/mass/get': {
    method: 'POST',
    capability: 'massByTag',
    run: ({ app, body }) => massStatus(app, body.msg_id),
  },
  '/cgi-bin/message/mass/delete': {
    method: 'POST',
    capability: 'massByTag',
    run: ({ app, body }) => {
      massDelete(app, body.msg_id, body.article_idx);
      return { ...OK };
    },
  },
  '/cgi-bin/draft/add': {
    method: 'POST',
    capability: 'publish',
    run: ({ app, body }) => draftAdd(app, body),
  },
  '/cgi-bin/draft/get': {
    method: 'POST',
    capability: 'publish',
    run: ({ app, body }) => draftGet(app, body.media_id),
  },
  '/cgi-bin/freepublish/submit': {
    method: 'POST',
    capability: 'publish',
    run: ({ state, app, body }) => ({ ...OK, ...freepublishSubmit(state, app, body) }),
  },
  '/cgi-bin/freepublish/get': {
    method: 'POST',
    capability: 'publish',
    run: ({ app, body }) => ({ ...OK, ...freepublishGet(app, body.publish_id) }),
  },
  '/cgi-bin/message/template/send': {
    method: 'POST',
    capability: 'template',
    run: ({ state, app, body }) => ({ ...OK, ...templateSend(state, app, body) }),
  },
  '/cgi-bin/qrcode/create': {
    method: 'POST',
    capability: 'qrcode',
    run: ({ state, app, body }) => createQrCode(app, body, state.qrTickets(), state.now()),
  },
  '/cgi-bin/menu/create': {
    method: 'POST',
    capability: 'menu',
    run: ({ app, body }) => {
      app.menu = parseMenu(body);
      return { ...OK };
    },
  },
  '/cgi-bin/menu/get': {
    method: 'GET',
    capability: 'menu',
    run: ({ app }) => {
      if (!app.menu) throw new WechatApiError(46003);
      return { menu: { button: structuredClone(app.menu) } };
    },
  },
  '/cgi-bin/menu/delete': {
    method: 'GET',
    capability: 'menu',
    run: ({ app }) => {
      app.menu = undefined;
      return { ...OK };
    },
  },
  '/cgi-bin/user/get': {
    method: 'GET',
    capability: 'users',
    run: ({ state, app, query }) => listFollowers(app, query.get('next_openid') ?? '', state.userListPageSize),
  },
  '/cgi-bin/user/info': {
    method: 'GET',
    capability: 'users',
    run: ({ app, query }) => userInfo(app, query.get('openid') ?? undefined),
  },
  '/cgi-bin/user/info/batchget': {
    method: 'POST',
    capability: 'users',
    run: ({ app, body }) => {
      const list = body.user_list;
      if (!Array.isArray(list)) throw new WechatApiError(47001, 'user_list must be a list');
      const openids = list.map((u) => (typeof u === 'object' && u !== null ? (u as Json).openid : undefined));
      return { user_info_list: batchUserInfo(app, stringList(openids, 'user_list[].openid')) };
    },
  },
  '/cgi-bin/user/info/updateremark': {
    method: 'POST',
    capability: 'users',
    run: ({ app, body }) => {
      updateRemark(app, text(body.openid, 'openid'), text(body.remark, 'remark'));
      return { ...OK };
    },
  },
  '/cgi-bin/tags/get': {
    method: 'GET',
    capability: 'users',
    run: ({ app }) => ({ tags: listTags(app) }),
  },
  '/cgi-bin/tags/create': {
    method: 'POST',
    capability: 'users',
    run: ({ app, body }) => ({ tag: createTag(app, text(tagBody(body).name, 'tag.name')) }),
  },
  '/cgi-bin/tags/update': {
    method: 'POST',
    capability: 'users',
    run: ({ app, body }) => {
      const tag = tagBody(body);
      updateTag(app, int(tag.id, 'tag.id'), text(tag.name, 'tag.name'));
      return { ...OK };
    },
  },
  '/cgi-bin/tags/delete': {
    method: 'POST',
    capability: 'users',
    run: ({ app, body }) => {
      deleteTag(app, int(tagBody(body).id, 'tag.id'));
      return { ...OK };
    },
  },
  '/cgi-bin/tags/members/batchtagging': {
    method: 'POST',
    capability: 'users',
    run: ({ app, body }) => {
      batchTag(app, stringList(body.openid_list, 'openid_list'), int(body.tagid, 'tagid'), false);
      return { ...OK };
    },
  },
  '/cgi-bin/tags/members/batchuntagging': {
    method: 'POST',
    capability: 'users',
    run: ({ app, body }) => {
      batchTag(app, stringList(body.openid_list, 'openid_list'), int(body.tagid, 'tagid'), true);
      return { ...OK };
    },
  },
  '/cgi-bin/user/tag/get': {
    method: 'POST',
    capability: 'users',
    run: ({ state, app, body }) => {
      const tagId = int(body.tagid, 'tagid');
      requireTag(app, tagId);
      const next = typeof body.next_openid === 'string' ? body.next_openid : '';
      const { total: _total, ...page } = pageOpenids(fansOf(app, tagId), next, state.userListPageSize);
      return page;
    },
  },
  '/cgi-bin/tags/getidlist': {
    method: 'POST',
    capability: 'users',
    run: ({ app, body }) => ({ tagid_list: [...requireKnownOpenid(app, body.openid).tagIds] }),
  },
  '/cgi-bin/clear_quota': {
    method: 'POST',
    run: ({ state, app, body }) => {
      if (body.appid !== app.reg.appId) throw new WechatApiError(40013);
      const refused = app.quota.clear(state.now());
      if (refused) throw new WechatApiError(refused);
      return { ...OK };
    },
  },
  '/cgi-bin/openapi/quota/get': {
    method: 'POST',
    run: ({ state, app, body }) => {
      const usage = app.quota.usage(text(body.cgi_path, 'cgi_path'), state.now());
      // JSON has no Infinity; unmetered APIs report WeChat's largest figure instead.
      const cap = (n: number) => (Number.isFinite(n) ? n : 10_000_000);
      return { ...OK, quota: { daily_limit: cap(usage.dailyLimit), used: usage.used, remain: cap(usage.remain) } };
    },
  },
};

/** Endpoints that hand out tokens and so take appid + secret instead of a token. */
const TOKEN_PATHS = new Set(['/cgi-bin/token', '/cgi-bin/stable_token']);

export function isApiPath(path: string): boolean {
  return path in ROUTES || TOKEN_PATHS.has(path);
}

export interface ApiCall {
  method: string;
  /** Path relative to the API base, e.g. `/cgi-bin/token`. */
  path: string;
  query: URLSearchParams;
  /** Parsed JSON body; `undefined` for none. */
  body: unknown;
  /** Set when the body was present but not JSON. */
  badJson?: boolean;
}

export type ApiAnswer =
  | { kind: 'json'; httpStatus: number; body: Json }
  | { kind: 'text'; httpStatus: number; body: string }
  | { kind: 'drop' };

function asObject(body: unknown): Json {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Json) : {};
}

/** Which account a call concerns, for the log and for app-scoped fault scripts. */
function callerAppId(state: WechatApiState, call: ApiCall): string | undefined {
  const token = call.query.get('access_token');
  if (token) return state.tokenOwner(token);
  const appid = call.query.get('appid') ?? asObject(call.body).appid;
  return typeof appid === 'string' ? appid : undefined;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function issueToken(state: WechatApiState, call: ApiCall): Json {
  const stable = call.path === '/cgi-bin/stable_token';
  const source = stable ? asObject(call.body) : Object.fromEntries(call.query);
  if (stable && call.badJson) throw new WechatApiError(47001);
  if (source.grant_type !== 'client_credential') throw new WechatApiError(40002);
  const appId = source.appid;
  if (typeof appId !== 'string' || appId === '') throw new WechatApiError(41002);
  const app = state.requireApp(appId);
  const secret = source.secret;
  if (typeof secret !== 'string' || secret === '') throw new WechatApiError(41004);
  const refused = app.quota.take(call.path, state.now());
  if (refused) throw new WechatApiError(refused);
  const force = source.force_refresh === true || source.force_refresh === 'true';
  const issued = stable ? state.issueStableToken(appId, secret, force) : state.issueAccessToken(appId, secret);
  return { ...issued };
}

function runApi(state: WechatApiState, call: ApiCall, route: Route): Json {
  const token = call.query.get('access_token');
  if (!token) throw new WechatApiError(41001);
  const check = state.checkAccessToken(token);
  if (!check.ok) throw new WechatApiError(check.errcode);
  const app = state.app(check.appId);
  if (!app) throw new WechatApiError(40001);
  if (route.capability && !mayCall(app.reg, route.capability)) throw new WechatApiError(48001);
  const refused = app.quota.take(call.path, state.now());
  if (refused) throw new WechatApiError(refused);
  if (route.method === 'POST' && (call.badJson || (call.body !== undefined && asObject(call.body) !== call.body))) {
    throw new WechatApiError(47001);
  }
  return route.run({ state, app, query: call.query, body: asObject(call.body) }) as Json;
}

/**
 * Answers one call the way api.weixin.qq.com would: HTTP 200 with an errcode body for every
 * refusal (docs/wechat-protocol.md §6), unless a fault script says otherwise. Records the call first, so even
 * refused and scripted calls are counted.
 */
export async function dispatchApiCall(state: WechatApiState, call: ApiCall, signal?: AbortSignal): Promise<ApiAnswer> {
  const appId = callerAppId(state, call);
  const record = state.recordCall({
    at: state.now(),
    method: call.method,
    path: call.path,
    appId,
    query: redactQuery(call.query),
    body: redactBody(call.body),
  });
  const finish = (answer: ApiAnswer): ApiAnswer => {
    if (answer.kind !== 'drop') record.httpStatus = answer.httpStatus;
    if (answer.kind === 'json') record.errcode = typeof answer.body.errcode === 'number' ? answer.body.errcode : 0;
    return answer;
  };

  const fault = state.takeFault(call.path, appId);
  if (fault) {
    if (fault.delayMs) await sleep(fault.delayMs, signal);
    const scripted = fault.dropConnection || fault.httpStatus !== undefined || fault.errcode !== undefined;
    if (scripted) record.scripted = true;
    if (fault.dropConnection) return finish({ kind: 'drop' });
    if (fault.httpStatus !== undefined) {
      const json = fault.errcode !== undefined ? JSON.stringify(errorBody(fault.errcode, fault.errmsg)) : undefined;
      return finish({ kind: 'text', httpStatus: fault.httpStatus, body: json ?? `<html><body>${fault.httpStatus}</body></html>` });
    }
    if (fault.errcode !== undefined) {
      return finish({ kind: 'json', httpStatus: 200, body: errorBody(fault.errcode, fault.errmsg) });
    }
  }

  const route = ROUTES[call.path];
  try {
    if (TOKEN_PATHS.has(call.path)) {
      if (call.path === '/cgi-bin/stable_token' && call.method !== 'POST') throw new WechatApiError(43002);
      return finish({ kind: 'json', httpStatus: 200, body: issueToken(state, call) });
    }
    if (!route) {
      // Unsimulated or unknown WeChat API: WeChat answers 48001 for APIs an account may not use.
      throw new WechatApiError(48001, `wegov simulator: ${call.path} is not simulated`);
    }
    if (route.method === 'POST' && call.method !== 'POST') throw new WechatApiError(43002);
    return finish({ kind: 'json', httpStatus: 200, body: runApi(state, call, route) });
  } catch (err) {
    if (err instanceof WechatApiError) return finish({ kind: 'json', httpStatus: 200, body: bodyFromError(err) });
    // A simulator bug must still look like WeChat's "system busy" so clients retry, not crash.
    console.error('[wechat-sim] unexpected error', err);
    return finish({ kind: 'json', httpStatus: 200, body: errorBody(-1) });
  }
}
