import { encryptMessage } from './crypto';
import { computeSignature } from './signature';
import { cdata, sanitizeText } from './xml';

export type PassiveReply =
  | { type: 'text'; content: string }
  | { type: 'image'; mediaId: string }
  | { type: 'voice'; mediaId: string }
  | { type: 'video'; mediaId: string; title?: string; description?: string }
  | {
      type: 'music';
      title?: string;
      description?: string;
      musicUrl?: string;
      hqMusicUrl?: string;
      thumbMediaId: string;
    }
  | { type: 'news'; articles: { title: string; description?: string; picUrl?: string; url?: string }[] }
  | { type: 'transfer_customer_service'; kfAccount?: string };

// NUL is not legal XML and WeChat would show the citizen "该公众号暂时无法提供服务" for a reply
// it cannot parse, so outgoing text gets the same clean-up as incoming text.
function el(name: string, value: string): string {
  return `<${name}>${cdata(sanitizeText(value))}</${name}>`;
}

function optionalEl(name: string, value: string | undefined): string {
  return value === undefined ? '' : el(name, value);
}

function body(reply: PassiveReply, maxArticles: 1 | 8): string {
  switch (reply.type) {
    case 'text':
      return el('Content', reply.content);
    case 'image':
      return `<Image>${el('MediaId', reply.mediaId)}</Image>`;
    case 'voice':
      return `<Voice>${el('MediaId', reply.mediaId)}</Voice>`;
    case 'video':
      return `<Video>${el('MediaId', reply.mediaId)}${optionalEl('Title', reply.title)}${optionalEl('Description', reply.description)}</Video>`;
    case 'music':
      return (
        `<Music>${optionalEl('Title', reply.title)}${optionalEl('Description', reply.description)}` +
        `${optionalEl('MusicUrl', reply.musicUrl)}${optionalEl('HQMusicUrl', reply.hqMusicUrl)}` +
        `${el('ThumbMediaId', reply.thumbMediaId)}</Music>`
      );
    case 'news': {
      // Since 2018-10-12 a reply to a citizen's own message may carry one article, a reply to an
      // event up to eight; WeChat drops the rest, so we drop them visibly here (docs/wechat-protocol.md §4.2).
      const articles = reply.articles.slice(0, maxArticles);
      if (articles.length === 0) throw new Error('a news reply needs at least one article');
      const items = articles
        .map(
          (a) =>
            `<item>${el('Title', a.title)}${optionalEl('Description', a.description)}` +
            `${optionalEl('PicUrl', a.picUrl)}${optionalEl('Url', a.url)}</item>`,
        )
        .join('');
      return `<ArticleCount>${articles.length}</ArticleCount><Articles>${items}</Articles>`;
    }
    case 'transfer_customer_service':
      return reply.kfAccount === undefined ? '' : `<TransInfo>${el('KfAccount', reply.kfAccount)}</TransInfo>`;
  }
}

/**
 * The passive reply XML. `toUser` is the citizen's OpenID (the push's FromUserName) and
 * `fromUser` the account's gh_ id — the ids swap. CreateTime is in seconds: wechat@2.1.0 writes
 * milliseconds, WeChat documents seconds (docs/wechat-protocol.md §4.2).
 */
export function renderReplyXml(
  reply: PassiveReply,
  ctx: { toUser: string; fromUser: string; createTime: number; maxArticles: 1 | 8 },
): string {
  return (
    `<xml>${el('ToUserName', ctx.toUser)}${el('FromUserName', ctx.fromUser)}` +
    `<CreateTime>${Math.trunc(ctx.createTime)}</CreateTime>${el('MsgType', reply.type)}` +
    `${body(reply, ctx.maxArticles)}</xml>`
  );
}

/**
 * Encrypted reply for compatibility/safe mode. Capitalisation differs from the query string on
 * purpose (TimeStamp, MsgSignature); MsgSignature covers (token, TimeStamp, Nonce, Encrypt)
 * (docs/wechat-protocol.md §5.4). The layout (one element per line) matches the official worked example.
 */
export function renderEncryptedEnvelope(args: {
  token: string;
  encodingAesKey: string;
  appId: string;
  xml: string;
  timestamp: string;
  nonce: string;
  random?: Buffer;
}): string {
  const encrypt = encryptMessage({
    encodingAesKey: args.encodingAesKey,
    appId: args.appId,
    plaintext: args.xml,
    ...(args.random ? { random: args.random } : {}),
  });
  const signature = computeSignature([args.token, args.timestamp, args.nonce, encrypt]);
  return (
    `<xml>\n<Encrypt>${cdata(encrypt)}</Encrypt>\n<MsgSignature>${cdata(signature)}</MsgSignature>\n` +
    `<TimeStamp>${args.timestamp}</TimeStamp>\n<Nonce>${cdata(args.nonce)}</Nonce>\n</xml>`
  );
}
