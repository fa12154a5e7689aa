import { WechatApiError } from './errcodes';

/**
 * Message payload checks shared by custom/send, mass and preview (docs/wechat-protocol.md §6.2, §6.3).
 * WeChat puts the payload under a key named after `msgtype`.
 */
export const CUSTOM_MSGTYPES = [
  'text',
  'image',
  'voice',
  'video',
  'music',
  'news',
  'mpnews',
  'mpnewsarticle',
  'miniprogrampage',
  'msgmenu',
  'wxcard',
] as const;

export const MASS_MSGTYPES = ['mpnews', 'text', 'voice', 'image', 'mpvideo', 'music', 'wxcard'] as const;

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function nonEmpty(v: unknown): boolean {
  return typeof v === 'string' && v.trim() !== '';
}

function requireMedia(p: Json, field = 'media_id'): void {
  if (!nonEmpty(p[field])) throw new WechatApiError(40007);
}

/** Returns `{msgtype, payload}` or throws the errcode WeChat gives for the defect. */
export function readPayload(
  body: Json,
  allowed: readonly string[],
): { msgtype: string; payload: Json } {
  const msgtype = body.msgtype;
  if (typeof msgtype !== 'string' || !allowed.includes(msgtype)) throw new WechatApiError(40008);
  // The newer mass doc puts image payloads under `images` (media_ids list); accept either.
  const raw = msgtype === 'image' && body.image === undefined ? body.images : body[msgtype];
  if (!isObject(raw)) throw new WechatApiError(47001, `missing "${msgtype}" object`);
  const payload = raw;
  switch (msgtype) {
    case 'text':
      if (!nonEmpty(payload.content)) throw new WechatApiError(44004);
      break;
    case 'image':
      if (Array.isArray(payload.media_ids)) {
        if (payload.media_ids.length === 0 || !payload.media_ids.every(nonEmpty)) throw new WechatApiError(40007);
      } else requireMedia(payload);
      break;
    case 'voice':
    case 'video':
    case 'mpnews':
    case 'mpvideo':
      requireMedia(payload);
      break;
    case 'music':
      requireMedia(payload, 'thumb_media_id');
      break;
    case 'news': {
      const articles = payload.articles;
      if (!Array.isArray(articles) || articles.length === 0 || !articles.every(isObject)) {
        throw new WechatApiError(47001, 'news.articles must be a non-empty list');
      }
      // Only 1 article per news message since 2018-10 (§6.2).
      if (articles.length > 1) throw new WechatApiError(45008);
      break;
    }
    case 'mpnewsarticle':
      if (!nonEmpty(payload.article_id)) throw new WechatApiError(47003, 'article_id missing');
      break;
    case 'miniprogrampage':
      if (!nonEmpty(payload.appid) || !nonEmpty(payload.pagepath)) {
        throw new WechatApiError(47003, 'appid and pagepath are required');
      }
      requireMedia(payload, 'thumb_media_id');
      break;
    case 'wxcard':
      if (!nonEmpty(payload.card_id)) throw new WechatApiError(47003, 'card_id missing');
      break;
    default:
      break;
  }
  return { msgtype, payload };
}
