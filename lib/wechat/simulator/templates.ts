import type { AppData, SimContext } from './app-data';
import { WechatApiError } from './errcodes';
import { requireKnownOpenid } from './followers';

/** Template messages, docs/wechat-protocol.md §6.7 (verified 服务号 only — the dispatcher checks that). */
export const TEMPLATE_CLIENT_MSG_ID_TTL_MS = 10 * 60_000;
/** Dropped silently since May 2023 (§6.7), so the citizen never sees them. */
const DROPPED_KEYWORDS = ['first', 'remark'];

type Json = Record<string, unknown>;

export function templateSend(ctx: SimContext, app: AppData, body: Json): { msgid: number } {
  const now = ctx.now();
  const follower = requireKnownOpenid(app, body.touser);
  if (!follower.subscribed) throw new WechatApiError(43004);
  if (typeof body.template_id !== 'string' || body.template_id.trim() === '') throw new WechatApiError(40037);
  const data = body.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new WechatApiError(47001, 'data must be an object of {value} entries');
  }
  const clientMsgId = typeof body.client_msg_id === 'string' && body.client_msg_id ? body.client_msg_id : undefined;
  if (clientMsgId) {
    // Same openid + client_msg_id is sent once for ~10 min (§6.7). Guess: WeChat answers ok with
    // the first msgid rather than an error.
    const earlier = app.templates.find(
      (t) => t.openid === follower.openid && t.clientMsgId === clientMsgId && now - t.at < TEMPLATE_CLIENT_MSG_ID_TTL_MS,
    );
    if (earlier) return { msgid: earlier.msgid };
  }
  const shown = Object.fromEntries(Object.entries(data as Json).filter(([k]) => !DROPPED_KEYWORDS.includes(k)));
  const msgid = ctx.nextMsgId();
  app.templates.push({ msgid, at: now, openid: follower.openid, templateId: body.template_id, clientMsgId });
  ctx.deliver(app, follower.openid, {
    via: 'template',
    msgtype: 'template',
    msgId: msgid,
    payload: {
      template_id: body.template_id,
      url: body.url,
      // If both are set the mini program wins (§6.7).
      miniprogram: body.miniprogram,
      data: shown,
    },
  });
  return { msgid };
}
