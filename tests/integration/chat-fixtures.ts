import { demoCredentials, eventMessage, nextMsgId, openWebhookWorld, pushRequest, readReply, signedPush, textMessage } from '../helpers/webhook';

export type WebhookWorld = Awaited<ReturnType<typeof openWebhookWorld>>;

/** What a citizen does in the chat, as WeChat pushes it. */
export type ChatAction =
  | { kind: 'text'; content: string; msgId?: string }
  | { kind: 'click'; key: string }
  | { kind: 'view'; url: string }
  | { kind: 'subscribe'; scene?: string };

let tick = 0;

export function pushFields(slug: string, openid: string, action: ChatAction): Record<string, string | number> {
  const credentials = demoCredentials(slug);
  // Events are de-duplicated on (from, time, event, key), as WeChat does: give each its own second.
  const createTime = Math.floor(Date.now() / 1000) + ++tick;
  switch (action.kind) {
    case 'text':
      return textMessage(credentials, openid, action.content, action.msgId ?? nextMsgId());
    case 'click':
      return { ...eventMessage(credentials, openid, 'CLICK', { EventKey: action.key }), CreateTime: createTime };
    case 'view':
      return { ...eventMessage(credentials, openid, 'VIEW', { EventKey: action.url, MenuId: '1' }), CreateTime: createTime };
    case 'subscribe':
      return { ...eventMessage(credentials, openid, 'subscribe', action.scene ? { EventKey: `qrscene_${action.scene}` } : {}), CreateTime: createTime };
  }
}

/** Sends one push through the real webhook (socket, signature, encryption) and reads the reply text. */
export async function sendFields(w: WebhookWorld, slug: string, fields: Record<string, string | number>): Promise<string | null> {
  const credentials = demoCredentials(slug);
  const response = await w.webhook.send(pushRequest(signedPush({ slug, credentials, fields })));
  if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
  const body = await response.text();
  if (body === 'success' || body === '') return null;
  const fieldsOut = readReply(credentials, body)!.fields;
  const content = fieldsOut.Content ?? fieldsOut.Articles;
  return content === undefined ? null : typeof content === 'string' ? content : JSON.stringify(content);
}

export function chat(w: WebhookWorld, slug: string, openid: string, action: ChatAction): Promise<string | null> {
  return sendFields(w, slug, pushFields(slug, openid, action));
}
