import type { AppData, DraftArticle, PublishJob, SimContext } from './app-data';
import { WechatApiError } from './errcodes';

/**
 * The draft box and publishing without a push (发布, docs/wechat-protocol.md §6.3a): `draft/add`
 * keeps up to 8 articles under a media_id, `freepublish/submit` publishes them to the account's
 * article list — no mass quota spent, nobody notified — and the outcome arrives later as the
 * PUBLISHJOBFINISH push. The simulator publishes at once and emits that report.
 */
export const DRAFT_MAX_ARTICLES = 8;

type Json = Record<string, unknown>;

function optionalString(v: unknown, field: string): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw new WechatApiError(47001, `${field} must be a string`);
  return v;
}

function readArticle(raw: unknown): DraftArticle {
  if (typeof raw !== 'object' || raw === null) throw new WechatApiError(47001, 'article must be an object');
  const a = raw as Json;
  const title = optionalString(a.title, 'title');
  const content = optionalString(a.content, 'content');
  // Guess: WeChat answers a missing title or body with a data-format error (47001).
  if (!title || !content) throw new WechatApiError(47001, 'title and content are required');
  return {
    title,
    content,
    author: optionalString(a.author, 'author'),
    digest: optionalString(a.digest, 'digest'),
    content_source_url: optionalString(a.content_source_url, 'content_source_url'),
    // WeChat requires a cover (a permanent image's media_id) for news articles; the simulator
    // does not hold images, so it accepts an article without one (docs/broadcasts.md "Publishing").
    thumb_media_id: optionalString(a.thumb_media_id, 'thumb_media_id'),
  };
}

/** `draft/add`: `{ articles: [...] }` → `{ media_id }`. */
export function draftAdd(app: AppData, body: Json): { media_id: string } {
  const articles = body.articles;
  if (!Array.isArray(articles) || articles.length === 0 || articles.length > DRAFT_MAX_ARTICLES) {
    throw new WechatApiError(47001, `articles must hold 1 to ${DRAFT_MAX_ARTICLES} articles`);
  }
  const mediaId = `draft-${app.reg.appId}-${app.publishing.nextDraft++}`;
  app.publishing.drafts.set(mediaId, articles.map(readArticle));
  return { media_id: mediaId };
}

/** `draft/get`: the articles of a draft still in the box. */
export function draftGet(app: AppData, mediaId: unknown): { news_item: DraftArticle[] } {
  const draft = typeof mediaId === 'string' ? app.publishing.drafts.get(mediaId) : undefined;
  if (!draft) throw new WechatApiError(40007);
  return { news_item: structuredClone(draft) };
}

/**
 * `freepublish/submit`: `{ media_id }` → `{ publish_id, msg_data_id }`. A published draft leaves
 * the draft box, so submitting it again — or mass-sending it afterwards — is 40007.
 */
export function freepublishSubmit(ctx: SimContext, app: AppData, body: Json): { publish_id: string; msg_data_id: number } {
  const mediaId = body.media_id;
  const draft = typeof mediaId === 'string' ? app.publishing.drafts.get(mediaId) : undefined;
  if (!draft || typeof mediaId !== 'string') throw new WechatApiError(40007);
  const seq = ctx.nextMsgId();
  const publishId = String(2_247_000_000 + seq);
  const articleId = `art_${app.reg.appId}_${seq}`;
  const job: PublishJob = {
    publishId,
    appId: app.reg.appId,
    mediaId,
    at: ctx.now(),
    articleId,
    status: 0,
    articleUrls: draft.map((_, i) => `https://mp.weixin.qq.com/s/${articleId}_${i + 1}`),
  };
  app.publishing.drafts.delete(mediaId);
  app.mass.consumedMedia.add(mediaId);
  app.publishing.jobs.set(publishId, job);
  ctx.publishJobFinished(job);
  return { publish_id: publishId, msg_data_id: seq };
}

/** `freepublish/get`: `{ publish_id }` → the job's status and article links. */
export function freepublishGet(app: AppData, publishId: unknown): Json {
  const job = typeof publishId === 'string' ? app.publishing.jobs.get(publishId) : undefined;
  if (!job) throw new WechatApiError(47003, 'publish_id not found');
  return {
    publish_id: job.publishId,
    publish_status: job.status,
    article_id: job.articleId,
    article_detail: { count: job.articleUrls.length, item: job.articleUrls.map((url, i) => ({ idx: i + 1, article_url: url })) },
  };
}

/** The PUBLISHJOBFINISH push for a publish job, as WeChat renders it (nested PublishEventInfo). */
export function publishJobFinishXml(job: PublishJob, args: { toUserName: string; createTime: number }): string {
  const items = job.articleUrls.map((url, i) => `<item><idx>${i + 1}</idx><article_url><![CDATA[${url}]]></article_url></item>`).join('');
  return (
    `<xml><ToUserName><![CDATA[${args.toUserName}]]></ToUserName><FromUserName><![CDATA[mphelper]]></FromUserName>` +
    `<CreateTime>${args.createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[PUBLISHJOBFINISH]]></Event>` +
    `<PublishEventInfo><publish_id>${job.publishId}</publish_id><publish_status>${job.status}</publish_status>` +
    `<article_id><![CDATA[${job.articleId}]]></article_id><article_detail><count>${job.articleUrls.length}</count>${items}</article_detail></PublishEventInfo></xml>`
  );
}
