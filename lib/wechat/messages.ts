import { z } from 'zod';
import { WebhookError } from './errors';
import { sanitizeText, type XmlValue } from './xml';

interface Base {
  toUserName: string;
  fromUserName: string;
  createTime: number;
  /** Every field as received (after NUL/surrogate clean-up), for storage. */
  fields: Record<string, XmlValue>;
}

export type InboundMessage = Base &
  (
    | { msgType: 'text'; msgId: string; content: string }
    | { msgType: 'image'; msgId: string; picUrl: string; mediaId: string }
    | { msgType: 'voice'; msgId: string; mediaId: string; format: string; recognition: string | null }
    | { msgType: 'video' | 'shortvideo'; msgId: string; mediaId: string; thumbMediaId: string }
    | { msgType: 'location'; msgId: string; latitude: number; longitude: number; scale: number; label: string }
    | { msgType: 'link'; msgId: string; title: string; description: string; url: string }
    | { msgType: 'event'; event: 'subscribe'; scene: string | null; ticket: string | null }
    | { msgType: 'event'; event: 'unsubscribe' }
    | { msgType: 'event'; event: 'SCAN'; scene: string; ticket: string | null }
    | { msgType: 'event'; event: 'LOCATION'; latitude: number; longitude: number; precision: number }
    | { msgType: 'event'; event: 'CLICK'; eventKey: string }
    | { msgType: 'event'; event: 'VIEW'; eventKey: string; menuId: string | null }
    | {
        msgType: 'event';
        event: 'MASSSENDJOBFINISH';
        msgId: string;
        status: string;
        totalCount: number;
        filterCount: number;
        sentCount: number;
        errorCount: number;
      }
    | { msgType: 'event'; event: 'TEMPLATESENDJOBFINISH'; msgId: string; status: string }
    | { msgType: 'event'; event: 'PUBLISHJOBFINISH'; publishId: string; publishStatus: number; articleId: string | null; articleUrls: string[] }
    | { msgType: 'event'; event: 'other'; eventName: string }
    | { msgType: 'other'; originalType: string; msgId: string | null }
  );

type Detail = InboundMessage extends infer M ? (M extends Base ? Omit<M, keyof Base> : never) : never;

// Text is never trimmed (it is the citizen's CDATA); numbers are, as formatting may surround them.
const text = z.string();
const optionalText = z.string().optional().transform((v) => v ?? null);
// MsgId/MsgID is a 64-bit integer: above 2^53, so it stays a string (docs/wechat-protocol.md §3.2).
const msgId = z.string().trim().regex(/^\d{1,20}$/);
const integer = z
  .string()
  .trim()
  .regex(/^\d{1,15}$/)
  .transform(Number);
const decimal = z
  .string()
  .trim()
  .regex(/^-?\d{1,4}(?:\.\d{1,15})?$/)
  .transform(Number);

const messageSchemas = {
  text: z.object({ MsgId: msgId, Content: text }).transform((f) => ({
    msgType: 'text' as const,
    msgId: f.MsgId,
    content: f.Content,
  })),
  image: z.object({ MsgId: msgId, PicUrl: text, MediaId: text }).transform((f) => ({
    msgType: 'image' as const,
    msgId: f.MsgId,
    picUrl: f.PicUrl,
    mediaId: f.MediaId,
  })),
  voice: z
    .object({ MsgId: msgId, MediaId: text, Format: text, Recognition: optionalText })
    .transform((f) => ({
      msgType: 'voice' as const,
      msgId: f.MsgId,
      mediaId: f.MediaId,
      format: f.Format,
      // Only present when the account has speech recognition switched on.
      recognition: f.Recognition,
    })),
  video: z.object({ MsgId: msgId, MediaId: text, ThumbMediaId: text }).transform((f) => ({
    msgType: 'video' as const,
    msgId: f.MsgId,
    mediaId: f.MediaId,
    thumbMediaId: f.ThumbMediaId,
  })),
  shortvideo: z.object({ MsgId: msgId, MediaId: text, ThumbMediaId: text }).transform((f) => ({
    msgType: 'shortvideo' as const,
    msgId: f.MsgId,
    mediaId: f.MediaId,
    thumbMediaId: f.ThumbMediaId,
  })),
  location: z
    .object({
      MsgId: msgId,
      Location_X: decimal,
      Location_Y: decimal,
      Scale: decimal,
      // Observed empty or absent for spots without a name; a location is still worth keeping.
      Label: z.string().optional(),
    })
    .transform((f) => ({
      msgType: 'location' as const,
      msgId: f.MsgId,
      latitude: f.Location_X,
      longitude: f.Location_Y,
      scale: f.Scale,
      label: f.Label ?? '',
    })),
  link: z.object({ MsgId: msgId, Title: text, Description: text, Url: text }).transform((f) => ({
    msgType: 'link' as const,
    msgId: f.MsgId,
    title: f.Title,
    description: f.Description,
    url: f.Url,
  })),
} satisfies Record<string, z.ZodType<Detail>>;

const SCENE_PREFIX = 'qrscene_';

// Following via a parametric QR code sends EventKey "qrscene_<scene>" (SCAN sends the bare
// scene); an ordinary follow sends no EventKey or an empty one. A key without the prefix is
// kept as is rather than dropped.
function sceneOf(eventKey: string | null): string | null {
  if (eventKey === null || eventKey === '') return null;
  return eventKey.startsWith(SCENE_PREFIX) ? eventKey.slice(SCENE_PREFIX.length) : eventKey;
}

const publishItem = z.object({ article_url: z.string().trim().max(2000) });

const eventSchemas = {
  subscribe: z.object({ EventKey: optionalText, Ticket: optionalText }).transform((f) => ({
    msgType: 'event' as const,
    event: 'subscribe' as const,
    scene: sceneOf(f.EventKey),
    ticket: f.Ticket === '' ? null : f.Ticket,
  })),
  unsubscribe: z.object({}).transform(() => ({ msgType: 'event' as const, event: 'unsubscribe' as const })),
  SCAN: z.object({ EventKey: text, Ticket: optionalText }).transform((f) => ({
    msgType: 'event' as const,
    event: 'SCAN' as const,
    scene: f.EventKey,
    ticket: f.Ticket === '' ? null : f.Ticket,
  })),
  LOCATION: z.object({ Latitude: decimal, Longitude: decimal, Precision: decimal }).transform((f) => ({
    msgType: 'event' as const,
    event: 'LOCATION' as const,
    latitude: f.Latitude,
    longitude: f.Longitude,
    precision: f.Precision,
  })),
  CLICK: z.object({ EventKey: text }).transform((f) => ({
    msgType: 'event' as const,
    event: 'CLICK' as const,
    eventKey: f.EventKey,
  })),
  // The doc's field table says MenuID, its XML sample says MenuId (docs/wechat-protocol.md §3.4).
  VIEW: z.object({ EventKey: text, MenuId: optionalText, MenuID: optionalText }).transform((f) => ({
    msgType: 'event' as const,
    event: 'VIEW' as const,
    eventKey: f.EventKey,
    menuId: f.MenuId ?? f.MenuID,
  })),
  // Job-finish events spell it MsgID (capital D); MsgId is accepted in case that is ever fixed.
  MASSSENDJOBFINISH: z
    .object({
      MsgID: msgId.optional(),
      MsgId: msgId.optional(),
      Status: text,
      TotalCount: integer,
      FilterCount: integer,
      SentCount: integer,
      ErrorCount: integer,
    })
    .transform((f, ctx) => {
      const id = f.MsgID ?? f.MsgId;
      if (id === undefined) {
        ctx.addIssue({ code: 'custom', message: 'MsgID required' });
        return z.NEVER;
      }
      return {
        msgType: 'event' as const,
        event: 'MASSSENDJOBFINISH' as const,
        msgId: id,
        status: f.Status,
        totalCount: f.TotalCount,
        filterCount: f.FilterCount,
        sentCount: f.SentCount,
        errorCount: f.ErrorCount,
      };
    }),
  // Publishing without a push reports in a nested PublishEventInfo (docs/wechat-protocol.md §6.3a).
  PUBLISHJOBFINISH: z
    .object({
      PublishEventInfo: z.object({
        publish_id: z.string().trim().regex(/^\d{1,20}$/),
        publish_status: integer,
        article_id: optionalText,
        article_detail: z.object({ item: z.union([publishItem, z.array(publishItem)]).optional() }).optional(),
      }),
    })
    .transform((f) => {
      const info = f.PublishEventInfo;
      const items = info.article_detail?.item;
      const list = items === undefined ? [] : Array.isArray(items) ? items : [items];
      return {
        msgType: 'event' as const,
        event: 'PUBLISHJOBFINISH' as const,
        publishId: info.publish_id,
        publishStatus: info.publish_status,
        articleId: info.article_id === '' ? null : info.article_id,
        articleUrls: list.map((i) => i.article_url).filter((u) => /^https:\/\//.test(u)),
      };
    }),
  TEMPLATESENDJOBFINISH: z
    .object({ MsgID: msgId.optional(), MsgId: msgId.optional(), Status: text })
    .transform((f, ctx) => {
      const id = f.MsgID ?? f.MsgId;
      if (id === undefined) {
        ctx.addIssue({ code: 'custom', message: 'MsgID required' });
        return z.NEVER;
      }
      return { msgType: 'event' as const, event: 'TEMPLATESENDJOBFINISH' as const, msgId: id, status: f.Status };
    }),
} satisfies Record<string, z.ZodType<Detail>>;

const COMMON_FIELDS = ['ToUserName', 'FromUserName', 'CreateTime', 'MsgType'] as const;

const commonSchema = z.object({
  ToUserName: text,
  FromUserName: text,
  CreateTime: integer,
  MsgType: text,
});

/** Names and values, as they will be stored (jsonb refuses NUL in keys as much as in values). */
function sanitizeDeep(value: XmlValue): XmlValue {
  if (typeof value === 'string') return sanitizeText(value);
  if (Array.isArray(value)) return value.map(sanitizeDeep);
  const out: { [k: string]: XmlValue } = {};
  for (const [name, child] of Object.entries(value)) {
    // Callers outside parseXmlFields may hand in absent values; absent is absent.
    if (child !== undefined && child !== null) out[sanitizeText(name)] = sanitizeDeep(child);
  }
  return out;
}

function hasOwn<K extends string>(schemas: Record<K, unknown>, name: string): name is K {
  return Object.prototype.hasOwnProperty.call(schemas, name);
}

function parseOrMalformed<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success) throw new WebhookError('malformed_xml');
  return result.data;
}

/**
 * Turns the fields of a parsed push into a typed message. Unknown MsgType or Event values are
 * kept as 'other' rather than refused: WeChat adds types over time, and losing a citizen's
 * message is worse than not understanding it (docs/wechat-protocol.md §10).
 */
export function toInboundMessage(fields: Record<string, XmlValue>): InboundMessage {
  const clean = sanitizeDeep(fields) as Record<string, XmlValue>;

  for (const name of COMMON_FIELDS) {
    const value = clean[name];
    if (Array.isArray(value)) throw new WebhookError('duplicate_field');
    if (value === undefined || (typeof value === 'string' && value.trim() === '')) {
      throw new WebhookError('missing_field');
    }
  }
  const common = parseOrMalformed(commonSchema, clean);
  const base: Base = {
    toUserName: common.ToUserName,
    fromUserName: common.FromUserName,
    createTime: common.CreateTime,
    fields: clean,
  };

  const type = common.MsgType;
  if (type === 'event') {
    const event = clean['Event'];
    if (typeof event !== 'string' || event === '') throw new WebhookError('malformed_xml');
    const detail = hasOwn(eventSchemas, event)
      ? parseOrMalformed<Detail>(eventSchemas[event], clean)
      : { msgType: 'event' as const, event: 'other' as const, eventName: event };
    return { ...base, ...detail };
  }
  if (hasOwn(messageSchemas, type)) {
    return { ...base, ...parseOrMalformed<Detail>(messageSchemas[type], clean) };
  }
  const other = parseOrMalformed(z.object({ MsgId: msgId.optional() }), clean);
  return { ...base, msgType: 'other', originalType: type, msgId: other.MsgId ?? null };
}

function eventKeyOf(m: InboundMessage): string {
  const raw = m.fields['EventKey'];
  return typeof raw === 'string' ? raw : '';
}

/**
 * The key WeChat's re-deliveries collide on (stored per account). Messages carry a MsgId.
 * Events do not: the doc suggests FromUserName + CreateTime, but a subscribe and a LOCATION can
 * share a second, so the event name and EventKey are part of the key (docs/wechat-protocol.md
 * §4.1, docs/reliability.md D3). A job-finish event's MsgID names a send job, not the push, so it
 * is keyed as an event too — it must not collide with a citizen message that happens to share the
 * number — with that MsgID in the EventKey's place: one follower gets many template messages a
 * second in a storm, and each job's report is its own fact.
 */
export function dedupKey(m: InboundMessage): string {
  if (m.msgType === 'event') {
    const name = m.event === 'other' ? m.eventName : m.event;
    const key = m.event === 'MASSSENDJOBFINISH' || m.event === 'TEMPLATESENDJOBFINISH' ? m.msgId : m.event === 'PUBLISHJOBFINISH' ? m.publishId : eventKeyOf(m);
    return 'e:' + [m.fromUserName, m.createTime, name, key].join(':');
  }
  if (m.msgType === 'other') {
    if (m.msgId !== null) return `m:${m.msgId}`;
    // An unknown type without MsgId is keyed like an event, with the MsgType in the name slot.
    return 'e:' + [m.fromUserName, m.createTime, m.originalType, eventKeyOf(m)].join(':');
  }
  return `m:${m.msgId}`;
}
