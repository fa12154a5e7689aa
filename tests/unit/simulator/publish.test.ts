import { describe, expect, it } from 'vitest';
import { dedupKey, parseXmlFields, toInboundMessage } from '../../../lib/wechat';
import { publishJobFinishXml, type PublishJob } from '../../../lib/wechat/simulator';
import { startHarness } from './sim-harness';

const article = { title: '户籍业务指南', author: '市公安局', digest: '周六照常办理', content: '<p>周六照常办理。</p>' };

describe('simulated draft box and publishing without a push (docs/wechat-protocol.md §6.3a)', () => {
  it('keeps a draft, publishes it once, emits PUBLISHJOBFINISH and spends no mass quota', async () => {
    const h = await startHarness();
    const acct = await h.account({ type: 'subscription' });
    const finished: PublishJob[] = [];
    h.state.onEvent((e) => {
      if (e.type === 'publishJobFinished') finished.push(e.job);
    });
    const draft = await acct.post('/cgi-bin/draft/add', { articles: [article, { ...article, title: '第二篇' }] });
    expect(draft.media_id).toMatch(/^draft-/);
    expect((await acct.post('/cgi-bin/draft/get', { media_id: draft.media_id })).news_item).toHaveLength(2);
    const published = await acct.post('/cgi-bin/freepublish/submit', { media_id: draft.media_id });
    expect(published).toMatchObject({ errcode: 0 });
    expect(finished).toHaveLength(1);
    expect(finished[0]).toMatchObject({ publishId: published.publish_id, status: 0 });
    expect(finished[0]!.articleUrls).toHaveLength(2);
    const got = await acct.post('/cgi-bin/freepublish/get', { publish_id: published.publish_id });
    expect(got).toMatchObject({ publish_status: 0, article_detail: { count: 2 } });
    // The draft left the box: publishing it again, or mass-sending it, is 40007.
    expect((await acct.post('/cgi-bin/freepublish/submit', { media_id: draft.media_id })).errcode).toBe(40007);
    await acct.citizen('o-f0', 'subscribe');
    expect((await acct.post('/cgi-bin/message/mass/sendall', { msgtype: 'mpnews', mpnews: { media_id: draft.media_id }, filter: { is_to_all: true } })).errcode).toBe(40007);
    // No push was spent: the subscription account's one mass message a day is still there.
    expect((await acct.post('/cgi-bin/message/mass/sendall', { msgtype: 'text', text: { content: 'x' }, filter: { is_to_all: true } })).errcode).toBe(0);
  });

  it('refuses a draft without title or body, or with more than 8 articles (47001)', async () => {
    const h = await startHarness();
    const acct = await h.account();
    expect((await acct.post('/cgi-bin/draft/add', { articles: [{ title: 'x' }] })).errcode).toBe(47001);
    expect((await acct.post('/cgi-bin/draft/add', { articles: Array.from({ length: 9 }, () => article) })).errcode).toBe(47001);
    expect((await acct.post('/cgi-bin/freepublish/submit', { media_id: 'nope' })).errcode).toBe(40007);
  });

  it('refuses publishing for unverified accounts (48001)', async () => {
    const h = await startHarness();
    const acct = await h.account({ verified: false });
    expect((await acct.post('/cgi-bin/draft/add', { articles: [article] })).errcode).toBe(48001);
  });

  it('renders PUBLISHJOBFINISH as the webhook parses it, keyed by its publish id', () => {
    const job: PublishJob = { publishId: '2247483647', appId: 'wx1', mediaId: 'm', at: 0, articleId: 'art_1', status: 0, articleUrls: ['https://mp.weixin.qq.com/s/a', 'https://mp.weixin.qq.com/s/b'] };
    const m = toInboundMessage(parseXmlFields(publishJobFinishXml(job, { toUserName: 'gh_x', createTime: 1717200000 })));
    expect(m).toMatchObject({ msgType: 'event', event: 'PUBLISHJOBFINISH', publishId: '2247483647', publishStatus: 0, articleId: 'art_1', articleUrls: job.articleUrls });
    const other = toInboundMessage(parseXmlFields(publishJobFinishXml({ ...job, publishId: '2247483648', articleUrls: [job.articleUrls[0]!] }, { toUserName: 'gh_x', createTime: 1717200000 })));
    expect(other).toMatchObject({ articleUrls: [job.articleUrls[0]] });
    // Two publishes finishing in the same second are two facts, not one retried push.
    expect(dedupKey(m)).not.toBe(dedupKey(other));
  });
});

describe('an article body as draft/add takes it', () => {
  it('turns lines into paragraphs, picture lines into images and links into anchors, escaping the text', async () => {
    const { articleHtml } = await import('../../../lib/broadcasts/send');
    expect(articleHtml('第一段 <b>不是标签</b>\n![岐江公园地图](https://example.gov.cn/map.png)\n详见[活动页](https://wegov.example/events/3)。')).toBe(
      '<p>第一段 &lt;b&gt;不是标签&lt;/b&gt;</p><p><img src="https://example.gov.cn/map.png" alt="岐江公园地图"/></p><p>详见<a href="https://wegov.example/events/3">活动页</a>。</p>',
    );
  });
});
