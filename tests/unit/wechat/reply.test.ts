import { describe, expect, it } from 'vitest';
import { parseXmlFields, renderEncryptedEnvelope, renderReplyXml, type PassiveReply, type XmlValue } from '../../../lib/wechat';
import { replyCases } from './vectors';

const ctx = { toUser: 'oCivicUser_8dK2mQ9xZ4pL7wN3vB6c', fromUser: 'gh_c1v1c0000003', createTime: 1717300000 };

function str(v: XmlValue | undefined): string {
  if (typeof v !== 'string') throw new Error('expected a text field');
  return v;
}

/** Rebuilds the PassiveReply a vector's plaintext was made from. */
function replyOf(fields: Record<string, XmlValue>): PassiveReply {
  if (fields['MsgType'] === 'text') return { type: 'text', content: str(fields['Content']) };
  const articles = fields['Articles'];
  if (fields['MsgType'] === 'news' && articles && typeof articles === 'object' && !Array.isArray(articles)) {
    const items = Array.isArray(articles['item']) ? articles['item'] : [articles['item']];
    return {
      type: 'news',
      articles: items.map((item) => {
        if (!item || typeof item !== 'object' || Array.isArray(item)) throw new Error('bad item');
        return { title: str(item['Title']), description: str(item['Description']), picUrl: str(item['PicUrl']), url: str(item['Url']) };
      }),
    };
  }
  throw new Error(`no reply builder for ${String(fields['MsgType'])}`);
}

describe('reply vectors', () => {
  // The wechat@2.1.0 case writes milliseconds and a one-line envelope; it is checked by
  // openPassiveReply in compose.test.ts instead of being reproduced.
  for (const c of replyCases.filter((v) => v.id !== 'reply-T3-wechat-middleware')) {
    it(`renders the reply XML and its encrypted envelope byte for byte: ${c.id}`, () => {
      const fields = parseXmlFields(c.plaintextXml);
      const xml = renderReplyXml(replyOf(fields), {
        toUser: str(fields['ToUserName']),
        fromUser: str(fields['FromUserName']),
        createTime: Number(c.timestamp),
        maxArticles: 1,
      });
      expect(xml).toBe(c.plaintextXml);
      const envelope = renderEncryptedEnvelope({
        token: c.token,
        encodingAesKey: c.aesKey,
        appId: c.appId,
        xml,
        timestamp: c.timestamp,
        nonce: c.nonce,
        random: Buffer.from(c.randomHex, 'hex'),
      });
      expect(envelope).toBe(c.responseBody);
      const outer = parseXmlFields(envelope);
      expect(outer['MsgSignature']).toBe(c.msgSignature);
      expect(outer['TimeStamp']).toBe(c.timestamp);
      expect(outer['Nonce']).toBe(c.nonce);
    });
  }
});

describe('renderReplyXml', () => {
  const articles = Array.from({ length: 10 }, (_, i) => ({ title: `第${i + 1}条`, url: `https://gov.cn/${i}` }));

  it('sends one article when answering a citizen message', () => {
    const fields = parseXmlFields(renderReplyXml({ type: 'news', articles }, { ...ctx, maxArticles: 1 }));
    expect(fields['ArticleCount']).toBe('1');
    expect(fields['Articles']).toEqual({ item: { Title: '第1条', Url: 'https://gov.cn/0' } });
  });

  it('sends at most eight articles when answering an event', () => {
    const fields = parseXmlFields(renderReplyXml({ type: 'news', articles }, { ...ctx, maxArticles: 8 }));
    expect(fields['ArticleCount']).toBe('8');
    const list = fields['Articles'];
    expect(list && typeof list === 'object' && !Array.isArray(list) && Array.isArray(list['item']) && list['item'].length).toBe(8);
  });

  it('refuses a news reply without articles', () => {
    expect(() => renderReplyXml({ type: 'news', articles: [] }, { ...ctx, maxArticles: 8 })).toThrow();
  });

  it('escapes ]]> in text so the reply stays well-formed and exact', () => {
    const content = 'a]]><script>b</script>]]>';
    const xml = renderReplyXml({ type: 'text', content }, { ...ctx, maxArticles: 1 });
    expect(xml).toContain(']]]]><![CDATA[>');
    expect(parseXmlFields(xml)['Content']).toBe(content);
  });

  it('swaps the ids and writes CreateTime in seconds', () => {
    const fields = parseXmlFields(renderReplyXml({ type: 'text', content: 'x' }, { ...ctx, maxArticles: 1 }));
    expect(fields).toMatchObject({ ToUserName: ctx.toUser, FromUserName: ctx.fromUser, CreateTime: '1717300000', MsgType: 'text' });
  });

  it('strips NUL from outgoing text', () => {
    const xml = renderReplyXml({ type: 'text', content: 'a\u0000b' }, { ...ctx, maxArticles: 1 });
    expect(parseXmlFields(xml)['Content']).toBe('ab');
  });

  it('renders the media, music and customer-service reply shapes', () => {
    const render = (reply: PassiveReply) => parseXmlFields(renderReplyXml(reply, { ...ctx, maxArticles: 1 }));
    expect(render({ type: 'image', mediaId: 'm1' })).toMatchObject({ MsgType: 'image', Image: { MediaId: 'm1' } });
    expect(render({ type: 'voice', mediaId: 'm2' })).toMatchObject({ MsgType: 'voice', Voice: { MediaId: 'm2' } });
    expect(render({ type: 'video', mediaId: 'm3', title: 'T' })).toMatchObject({ MsgType: 'video', Video: { MediaId: 'm3', Title: 'T' } });
    expect(render({ type: 'music', thumbMediaId: 't', musicUrl: 'http://m', hqMusicUrl: 'http://hq' })).toMatchObject({
      MsgType: 'music',
      Music: { MusicUrl: 'http://m', HQMusicUrl: 'http://hq', ThumbMediaId: 't' },
    });
    expect(render({ type: 'transfer_customer_service' })).toEqual({
      ToUserName: ctx.toUser,
      FromUserName: ctx.fromUser,
      CreateTime: '1717300000',
      MsgType: 'transfer_customer_service',
    });
    expect(render({ type: 'transfer_customer_service', kfAccount: 'kf1@gh' })).toMatchObject({ TransInfo: { KfAccount: 'kf1@gh' } });
  });
});
