import type { CustomMessage } from '../wechat/api/client';
import type { PassiveReply } from '../wechat/reply';

/**
 * An outbound message as stored in messages.payload: the custom/send JSON (so the worker sends
 * it as is) plus `via` once delivered — `custom` (customer-service API) or `passive` (answer to
 * the citizen's next push).
 */
export type OutboundPayload = CustomMessage & { via?: 'custom' | 'passive' };

export function textPayload(content: string): OutboundPayload {
  return { msgtype: 'text', text: { content } };
}

export function customMessageOf(payload: OutboundPayload): CustomMessage {
  if (payload.msgtype === 'news') return { msgtype: 'news', news: payload.news };
  return { msgtype: 'text', text: payload.text };
}

/** The same message as a passive reply XML body (docs/wechat-protocol.md §4.2). */
export function passiveReplyOf(payload: OutboundPayload): PassiveReply {
  if (payload.msgtype === 'news') {
    const a = payload.news.articles[0];
    return { type: 'news', articles: [{ title: a.title, description: a.description, url: a.url, picUrl: a.picurl }] };
  }
  return { type: 'text', content: payload.text.content };
}

/** The searchable/preview text of an outbound message. */
export function outboundText(payload: OutboundPayload): string {
  if (payload.msgtype === 'news') return payload.news.articles[0].title;
  return payload.text.content;
}
