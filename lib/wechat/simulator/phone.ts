import { randomBytes } from 'node:crypto';
import { composeInboundRequest, openPassiveReply, renderInboundXml } from '../compose';
import type { WebhookCredentials } from '../inbound';
import type { XmlValue } from '../xml';
import type { ChatVia, TimelineEntry } from './app-data';
import type { InteractionKind, WindowSummary } from './followers';

/**
 * The citizen's phone: what WeChat's servers do when a citizen types, taps a menu or scans a
 * follow code — render the push, sign/encrypt it per the account's mode, POST it to the account's
 * webhook with WeChat's retry behaviour, read the passive reply — plus what the phone shows.
 * Pure of Next: the dev routes, the tests and scripts call it with their own fetch.
 */

export type PhoneAction =
  | { kind: 'text'; content: string }
  | { kind: 'location'; latitude: number; longitude: number; label: string }
  | { kind: 'click'; key: string }
  | { kind: 'view'; url: string }
  /** A follow; with a scene it came from a parametric QR code (EventKey `qrscene_<scene>`). */
  | { kind: 'subscribe'; scene?: string }
  /** An already-following citizen scanning a parametric QR code. */
  | { kind: 'scan'; scene: string }
  | { kind: 'unsubscribe' }
  | { kind: 'image' };

/** One line of the phone's screen, in custom/send's JSON shape ({content}, {articles}, …). */
export interface PhoneMessage {
  msgtype: string;
  payload: Record<string, unknown>;
}

export type OpenedReply = NonNullable<ReturnType<typeof openPassiveReply>>;

export interface PhoneAccount {
  slug: string;
  credentials: WebhookCredentials;
}

export interface PhoneDeps {
  fetch?: typeof fetch;
  /** ms since the epoch. */
  now?: () => number;
  random?: (size: number) => Buffer;
  /** WeChat gives up on an answer after 5 s (docs/wechat-protocol.md §4.1). */
  timeoutMs?: number;
  /** Re-sends after a timeout or a non-200 answer. */
  retries?: number;
  retryDelayMs?: number;
}

export interface SendPhoneActionArgs {
  account: PhoneAccount;
  openid: string;
  action: PhoneAction;
  /** Origin the account's webhook lives under: POSTs go to `${webhookBase}/api/wechat/${slug}`. */
  webhookBase: string;
  /** The simulator (WECHAT_API_BASE of the demo); null when there is none to tell. */
  simBase: string | null;
  deps?: PhoneDeps;
}

export type PhoneFailure =
  /** No 200 within the deadline after every retry: WeChat tells the citizen the account is down. */
  | 'unavailable'
  /** A 200 WeChat cannot read (bad XML, bad signature, plaintext in safe mode…): same notice. */
  | 'bad_reply';

export interface PhoneResult {
  /** HTTP status of the last attempt; null when it timed out or could not connect. */
  status: number | null;
  attempts: number;
  reply: OpenedReply | null;
  /** What the citizen sees of the reply; null for `success`, an empty body or a transfer. */
  shown: PhoneMessage | null;
  failure: PhoneFailure | null;
  /** The MsgId of a normal message, as sent (a 64-bit integer as a string). */
  msgId: string | null;
  /** Whether the simulator took every report; false when it is unreachable or lacks the app. */
  recorded: boolean;
}

export const WECHAT_TIMEOUT_MS = 5_000;
export const WECHAT_RETRIES = 3;
/** What WeChat shows the citizen when the account failed to answer (docs/wechat-protocol.md §4.1). */
export const UNAVAILABLE_NOTICE = 'unavailable';

const defaultRandom = (size: number) => randomBytes(size);

/**
 * A MsgId as WeChat issues them: a 64-bit integer beyond 2^53, so it only survives as a string
 * (docs/wechat-protocol.md §3.2). Time in the high bits keeps ids from different runs apart; 20 random bits keep
 * two messages of the same millisecond apart.
 */
export function newMsgId(nowMs: number, random: Buffer): string {
  const low = BigInt(random.readUIntBE(0, 3) & 0xfffff);
  return ((BigInt(Math.trunc(nowMs)) << 20n) | low).toString();
}

/** WeChat's nonce: a decimal number as a string. */
export function newNonce(random: Buffer): string {
  return String(random.readUInt32BE(0));
}

/** Real tickets are base64-looking strings; the webhook only stores them. */
function fakeTicket(random: Buffer): string {
  return `gQ${random.toString('base64url').slice(0, 30)}`;
}

/** The push's fields in WeChat's order, for one citizen action (docs/wechat-protocol.md §3.3, §3.4). */
export function phonePushFields(args: {
  originalId: string;
  openid: string;
  action: PhoneAction;
  createTime: number;
  msgId: string;
  random: Buffer;
}): Record<string, string | number> {
  const { action, random } = args;
  const head = { ToUserName: args.originalId, FromUserName: args.openid, CreateTime: args.createTime };
  const event = (name: string, extra: Record<string, string> = {}) => ({ ...head, MsgType: 'event', Event: name, ...extra });
  switch (action.kind) {
    case 'text':
      return { ...head, MsgType: 'text', Content: action.content, MsgId: args.msgId };
    case 'location':
      return {
        ...head,
        MsgType: 'location',
        Location_X: String(action.latitude),
        Location_Y: String(action.longitude),
        Scale: '15',
        Label: action.label,
        MsgId: args.msgId,
      };
    case 'image': {
      const media = random.toString('base64url').slice(0, 32);
      return {
        ...head,
        MsgType: 'image',
        PicUrl: `http://mmbiz.qpic.cn/mmbiz_jpg/${media}/0`,
        MsgId: args.msgId,
        MediaId: media,
      };
    }
    case 'click':
      return event('CLICK', { EventKey: action.key });
    case 'view':
      return event('VIEW', { EventKey: action.url, MenuId: '1' });
    case 'subscribe':
      // A plain follow carries no EventKey at all; one through a QR code the prefixed scene and the
      // code's ticket (docs/wechat-protocol.md §3.4).
      return action.scene ? event('subscribe', { EventKey: `qrscene_${action.scene}`, Ticket: fakeTicket(random) }) : event('subscribe');
    case 'scan':
      return event('SCAN', { EventKey: action.scene, Ticket: fakeTicket(random) });
    case 'unsubscribe':
      return event('unsubscribe');
  }
}

/**
 * What the simulator must learn so its API behaves (customer-service window, followers). A VIEW
 * opens no window (docs/wechat-protocol.md §6.2), so it reports nothing.
 */
export function interactionFor(action: PhoneAction): { kind: InteractionKind; scene?: string } | null {
  switch (action.kind) {
    case 'text':
    case 'location':
    case 'image':
      return { kind: 'message' };
    case 'click':
      return { kind: 'click' };
    case 'view':
      return null;
    case 'subscribe':
      return action.scene ? { kind: 'subscribe', scene: action.scene } : { kind: 'subscribe' };
    case 'scan':
      return { kind: 'scan', scene: action.scene };
    case 'unsubscribe':
      return { kind: 'unsubscribe' };
  }
}

/** The citizen's own line in the conversation. */
export function citizenMessage(action: PhoneAction, push: Record<string, string | number>): PhoneMessage {
  switch (action.kind) {
    case 'text':
      return { msgtype: 'text', payload: { content: action.content } };
    case 'location':
      return { msgtype: 'location', payload: { latitude: action.latitude, longitude: action.longitude, label: action.label } };
    case 'image':
      return { msgtype: 'image', payload: { pic_url: push.PicUrl, media_id: push.MediaId } };
    case 'click':
      return { msgtype: 'event', payload: { event: 'CLICK', key: action.key } };
    case 'view':
      return { msgtype: 'event', payload: { event: 'VIEW', url: action.url } };
    case 'subscribe':
      return { msgtype: 'event', payload: { event: 'subscribe', ...(action.scene ? { scene: action.scene } : {}) } };
    case 'scan':
      return { msgtype: 'event', payload: { event: 'SCAN', scene: action.scene } };
    case 'unsubscribe':
      return { msgtype: 'event', payload: { event: 'unsubscribe' } };
  }
}

function str(value: XmlValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function child(value: XmlValue | undefined, name: string): string | undefined {
  return value !== undefined && typeof value === 'object' && !Array.isArray(value) ? str(value[name]) : undefined;
}

/** Drops undefined fields so the payload survives JSON unchanged. */
function defined(record: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).filter((e): e is [string, string] => e[1] !== undefined));
}

/**
 * A passive reply as the phone shows it, in custom/send's JSON shape so one renderer serves
 * passive replies and API deliveries. A transfer to customer service shows nothing (docs/wechat-protocol.md §4.2).
 */
export function passiveReplyMessage(fields: Record<string, XmlValue>): PhoneMessage | null {
  const msgtype = str(fields.MsgType) ?? 'unknown';
  switch (msgtype) {
    case 'text':
      return { msgtype, payload: { content: str(fields.Content) ?? '' } };
    case 'news': {
      const articles = fields.Articles;
      const raw = articles !== undefined && typeof articles === 'object' && !Array.isArray(articles) ? articles.item : undefined;
      const items = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
      return {
        msgtype,
        payload: {
          articles: items.map((item) =>
            defined({
              title: child(item, 'Title') ?? '',
              description: child(item, 'Description'),
              url: child(item, 'Url'),
              picurl: child(item, 'PicUrl'),
            }),
          ),
        },
      };
    }
    case 'image':
    case 'voice':
      return { msgtype, payload: defined({ media_id: child(fields[msgtype === 'image' ? 'Image' : 'Voice'], 'MediaId') }) };
    case 'video':
      return {
        msgtype,
        payload: defined({
          media_id: child(fields.Video, 'MediaId'),
          title: child(fields.Video, 'Title'),
          description: child(fields.Video, 'Description'),
        }),
      };
    case 'music':
      return {
        msgtype,
        payload: defined({
          title: child(fields.Music, 'Title'),
          description: child(fields.Music, 'Description'),
          musicurl: child(fields.Music, 'MusicUrl'),
          thumb_media_id: child(fields.Music, 'ThumbMediaId'),
        }),
      };
    case 'transfer_customer_service':
      return null;
    default:
      return { msgtype, payload: {} };
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

class DeadlineExceeded extends Error {}

/**
 * Runs `work` with an abort signal and a hard deadline: the race also ends a fetch that ignores
 * its signal (an injected one in tests), as WeChat's client simply stops waiting.
 */
async function withDeadline<T>(ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new DeadlineExceeded(`no answer within ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([work(controller.signal), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * POSTs one push like WeChat: wait up to 5 s for a complete answer; on a timeout, a failed
 * connection or any status other than 200 send the very same request again (same query string,
 * same body — so the webhook's dedup sees one message), up to `retries` more times.
 */
export async function deliverPush(args: {
  url: string;
  body: string;
  fetch: typeof fetch;
  timeoutMs: number;
  retries: number;
  retryDelayMs: number;
}): Promise<{ status: number | null; attempts: number; body: string | null }> {
  let status: number | null = null;
  let attempts = 0;
  while (attempts <= args.retries) {
    attempts += 1;
    try {
      const answer = await withDeadline(args.timeoutMs, async (signal) => {
        const response = await args.fetch(args.url, {
          method: 'POST',
          headers: { 'content-type': 'text/xml; charset=utf-8', 'user-agent': 'Mozilla/4.0 (WeGov phone simulator)' },
          body: args.body,
          signal,
        });
        // The body counts towards the 5 s: WeChat needs the whole answer in time.
        return { status: response.status, text: await response.text() };
      });
      status = answer.status;
      if (answer.status === 200) return { status, attempts, body: answer.text };
    } catch {
      status = null; // timed out or could not connect: WeChat treats both as no answer
    }
    if (attempts <= args.retries && args.retryDelayMs > 0) await sleep(args.retryDelayMs);
  }
  return { status, attempts, body: null };
}

/** Tells the simulator's control API something; false when it did not take it. */
async function reportToSimulator(doFetch: typeof fetch, simBase: string, path: string, body: unknown): Promise<boolean> {
  try {
    const response = await withDeadline(WECHAT_TIMEOUT_MS, (signal) =>
      doFetch(`${simBase}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal,
      }),
    );
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * Performs one citizen action end to end. Order follows WeChat: its servers know of the follow
 * or message (window, follower) before the account hears of it, so the simulator is told first;
 * the conversation gets the citizen's line, then whatever the account answered passively.
 */
export async function sendPhoneAction(args: SendPhoneActionArgs): Promise<PhoneResult> {
  const { account, openid, action } = args;
  const deps = args.deps ?? {};
  const doFetch = deps.fetch ?? fetch;
  const now = deps.now ?? Date.now;
  const random = deps.random ?? defaultRandom;
  const { credentials } = account;
  if (!credentials.originalId) throw new Error(`account ${account.slug} has no original id (gh_…) to push as`);

  const nowMs = now();
  const createTime = Math.floor(nowMs / 1000);
  const isMessage = action.kind === 'text' || action.kind === 'location' || action.kind === 'image';
  const msgId = isMessage ? newMsgId(nowMs, random(3)) : null;
  const fields = phonePushFields({
    originalId: credentials.originalId,
    openid,
    action,
    createTime,
    msgId: msgId ?? '',
    random: random(24),
  });
  const { query, body } = composeInboundRequest({
    credentials,
    xml: renderInboundXml(fields),
    encrypt: credentials.mode !== 'plaintext',
    timestamp: String(createTime),
    nonce: newNonce(random(4)),
    openid,
  });

  let recorded = true;
  const report = async (path: string, payload: unknown) => {
    if (args.simBase === null) return;
    recorded = (await reportToSimulator(doFetch, args.simBase, path, payload)) && recorded;
  };
  const chat = (via: ChatVia, message: PhoneMessage) =>
    report('/__sim/chat', { appId: credentials.appId, openid, via, msgtype: message.msgtype, payload: message.payload });

  const interaction = interactionFor(action);
  if (interaction) await report('/__sim/interactions', { appId: credentials.appId, openid, ...interaction });
  await chat('citizen', citizenMessage(action, fields));

  const base = args.webhookBase.replace(/\/+$/, '');
  const pushed = await deliverPush({
    url: `${base}/api/wechat/${encodeURIComponent(account.slug)}?${query}`,
    body,
    fetch: doFetch,
    timeoutMs: deps.timeoutMs ?? WECHAT_TIMEOUT_MS,
    retries: deps.retries ?? WECHAT_RETRIES,
    retryDelayMs: deps.retryDelayMs ?? 0,
  });

  let reply: OpenedReply | null = null;
  let failure: PhoneFailure | null = pushed.body === null ? 'unavailable' : null;
  if (pushed.body !== null) {
    try {
      reply = openPassiveReply({ credentials, body: pushed.body });
    } catch {
      failure = 'bad_reply';
    }
  }
  // An unfollowed citizen sees nothing more from the account, whatever it answered; after a VIEW
  // the citizen is on the web page, not in the chat.
  const inChat = action.kind !== 'unsubscribe' && action.kind !== 'view';
  const shown = reply && inChat ? passiveReplyMessage(reply.fields) : null;
  if (shown) await chat('passive', shown);
  else if (failure && inChat) {
    await chat('system', { msgtype: 'notice', payload: { notice: UNAVAILABLE_NOTICE } });
  }

  return { status: pushed.status, attempts: pushed.attempts, reply, shown, failure, msgId, recorded };
}

/** The phone's conversation as the simulator keeps it (GET /__sim/conversation). */
export interface PhoneConversation {
  messages: TimelineEntry[];
  window: WindowSummary;
  typing: boolean;
}

export class SimulatorUnavailable extends Error {}

/**
 * Reads the merged conversation (the citizen's lines, passive replies and API deliveries) after
 * `after` (a seq). Throws SimulatorUnavailable when the simulator cannot answer.
 */
export async function readConversation(args: {
  simBase: string;
  appId: string;
  openid: string;
  after?: number;
  fetch?: typeof fetch;
}): Promise<PhoneConversation> {
  const url = new URL(`${args.simBase.replace(/\/+$/, '')}/__sim/conversation`);
  url.searchParams.set('appId', args.appId);
  url.searchParams.set('openid', args.openid);
  if (args.after !== undefined) url.searchParams.set('after', String(args.after));
  let response: Response;
  try {
    response = await withDeadline(WECHAT_TIMEOUT_MS, (signal) => (args.fetch ?? fetch)(url, { signal, cache: 'no-store' }));
  } catch (error) {
    throw new SimulatorUnavailable(`simulator unreachable: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new SimulatorUnavailable(`simulator answered ${response.status}`);
  }
  const body = (await response.json()) as Partial<PhoneConversation>;
  return {
    messages: body.messages ?? [],
    window: body.window ?? { subscribed: false, remaining: 0, expiresAt: null, windows: [] },
    typing: body.typing ?? false,
  };
}

/**
 * Where the simulator's control API lives, or null when WECHAT_API_BASE is the real WeChat: the
 * phone must never send its reports (`/__sim/…`) to Tencent.
 */
export function simulatorBase(wechatApiBase: string): string | null {
  try {
    if (new URL(wechatApiBase).hostname.endsWith('weixin.qq.com')) return null;
  } catch {
    return null;
  }
  return wechatApiBase.replace(/\/+$/, '');
}
