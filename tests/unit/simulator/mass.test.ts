import { describe, expect, it } from 'vitest';
import { startHarness, type Account } from './sim-harness';

const SENDALL = '/cgi-bin/message/mass/sendall';
const SEND = '/cgi-bin/message/mass/send';

async function followers(acct: Account, n: number, prefix = 'o-f'): Promise<string[]> {
  const ids = Array.from({ length: n }, (_, i) => `${prefix}${i}`);
  for (const id of ids) await acct.citizen(id, 'subscribe');
  return ids;
}

const news = (extra: Record<string, unknown> = {}) => ({ msgtype: 'text', text: { content: '台风预警' }, ...extra });

describe('simulated mass sending (docs/wechat-protocol.md §6.3)', () => {
  it('sends by tag only to that tag’s followers and records the MASSSENDJOBFINISH figures', async () => {
    const h = await startHarness();
    const acct = await h.account({ type: 'service' });
    const ids = await followers(acct, 4);
    const tag = (await acct.post('/cgi-bin/tags/create', { tag: { name: '志愿者' } })).tag;
    await acct.post('/cgi-bin/tags/members/batchtagging', { openid_list: ids.slice(0, 2), tagid: tag.id });

    const sent = await acct.post(SENDALL, news({ filter: { is_to_all: false, tag_id: tag.id } }));
    expect(sent).toMatchObject({ errcode: 0, errmsg: 'send job submission success' });
    const job = h.state.massJob(acct.appId, sent.msg_id);
    expect(job).toMatchObject({ status: 'SEND_SUCCESS', totalCount: 2, filterCount: 2, sentCount: 2, errorCount: 0 });
    expect(h.state.inbox(acct.appId, 'o-f0')).toHaveLength(1);
    expect(h.state.inbox(acct.appId, 'o-f3')).toHaveLength(0);
    expect(await acct.post('/cgi-bin/message/mass/get', { msg_id: sent.msg_id })).toEqual({
      msg_id: sent.msg_id,
      msg_status: 'SEND_SUCCESS',
    });
  });

  it('lets a subscription account send once per day (45028 for the second) and again the next day', async () => {
    const h = await startHarness();
    const acct = await h.account({ type: 'subscription' });
    await followers(acct, 2);
    expect((await acct.post(SENDALL, news({ filter: { is_to_all: true }, clientmsgid: 'a' }))).errcode).toBe(0);
    expect((await acct.post(SENDALL, news({ filter: { is_to_all: true }, clientmsgid: 'b' }))).errcode).toBe(45028);
    h.clock.advance(24 * 3600_000);
    await acct.renewToken();
    expect((await acct.post(SENDALL, news({ filter: { is_to_all: true }, clientmsgid: 'c' }))).errcode).toBe(0);
  });

  it('skips service-account followers who already had 4 mass messages this month', async () => {
    const h = await startHarness();
    const acct = await h.account({ type: 'service' });
    await followers(acct, 3);
    for (let i = 0; i < 4; i += 1) {
      const r = await acct.post(SEND, news({ touser: ['o-f0', 'o-f1'], clientmsgid: `batch-${i}` }));
      expect(r.errcode).toBe(0);
    }
    const toAll = await acct.post(SENDALL, news({ filter: { is_to_all: true }, clientmsgid: 'all-1' }));
    expect(h.state.massJob(acct.appId, toAll.msg_id)).toMatchObject({ totalCount: 3, filterCount: 1, sentCount: 1 });
    expect(h.state.massJob(acct.appId, toAll.msg_id)?.recipients).toEqual(['o-f2']);
    expect(h.state.inbox(acct.appId, 'o-f0')).toHaveLength(4);
  });

  it('refuses a reused clientmsgid with 45065 and hands back the first msg_id', async () => {
    const h = await startHarness();
    const acct = await h.account({ type: 'service' });
    await followers(acct, 2);
    const body = news({ touser: ['o-f0', 'o-f1'], clientmsgid: 'broadcast-7:batch-1' });
    const first = await acct.post(SEND, body);
    const retry = await acct.post(SEND, body);
    expect(retry.errcode).toBe(45065);
    expect(retry.msg_id).toBe(first.msg_id);
    expect(h.state.inbox(acct.appId, 'o-f0')).toHaveLength(1);
    h.clock.advance(24 * 3600_000);
    await acct.renewToken();
    expect((await acct.post(SEND, body)).errcode).toBe(0);
  });

  it('treats an identical send without clientmsgid as a repeat within 24 h', async () => {
    const h = await startHarness();
    const acct = await h.account({ type: 'service' });
    await followers(acct, 2);
    const first = await acct.post(SEND, news({ touser: ['o-f0', 'o-f1'] }));
    const again = await acct.post(SEND, news({ touser: ['o-f1', 'o-f0'] }));
    expect(again).toMatchObject({ errcode: 45065, msg_id: first.msg_id });
  });

  it('refuses a clientmsgid over 64 bytes with 45067', async () => {
    const h = await startHarness();
    const acct = await h.account({ type: 'service' });
    await followers(acct, 2);
    expect((await acct.post(SEND, news({ touser: ['o-f0', 'o-f1'], clientmsgid: 'x'.repeat(65) }))).errcode).toBe(45067);
  });

  it('requires 2 to 10,000 openids for mass/send (40130)', async () => {
    const h = await startHarness();
    const acct = await h.account({ type: 'service' });
    await followers(acct, 2);
    expect((await acct.post(SEND, news({ touser: ['o-f0'] }))).errcode).toBe(40130);
    const many = Array.from({ length: 10_001 }, (_, i) => `o-x${i}`);
    expect((await acct.post(SEND, news({ touser: many }))).errcode).toBe(40130);
  });

  it('filters openids that are not followers out of a mass/send', async () => {
    const h = await startHarness();
    const acct = await h.account({ type: 'service' });
    await followers(acct, 1);
    const r = await acct.post(SEND, news({ touser: ['o-f0', 'o-stranger'] }));
    expect(h.state.massJob(acct.appId, r.msg_id)).toMatchObject({ totalCount: 2, filterCount: 1, sentCount: 1 });
  });

  it('refuses mass/send by openid list for subscription accounts with 48001', async () => {
    const h = await startHarness();
    const acct = await h.account({ type: 'subscription' });
    await followers(acct, 2);
    expect((await acct.post(SEND, news({ touser: ['o-f0', 'o-f1'] }))).errcode).toBe(48001);
  });

  it('refuses sendall to an unknown tag with 45159', async () => {
    const h = await startHarness();
    const acct = await h.account();
    expect((await acct.post(SENDALL, news({ filter: { is_to_all: false, tag_id: 999 } }))).errcode).toBe(45159);
  });

  it('invalidates an mpnews media_id after a to-all send (40007 on reuse)', async () => {
    const h = await startHarness();
    const acct = await h.account({ type: 'service' });
    await followers(acct, 2);
    const mp = { msgtype: 'mpnews', mpnews: { media_id: 'draft-1' }, send_ignore_reprint: 0 };
    const sent = await acct.post(SENDALL, { ...mp, filter: { is_to_all: true } });
    expect(sent.msg_data_id).toBeTypeOf('number');
    expect((await acct.post(SEND, { ...mp, touser: ['o-f0', 'o-f1'] })).errcode).toBe(40007);
  });

  it('previews to one follower without using the quota and deletes mpnews sends', async () => {
    const h = await startHarness();
    const acct = await h.account({ type: 'subscription' });
    await followers(acct, 2);
    const preview = await acct.post('/cgi-bin/message/mass/preview', news({ touser: 'o-f0' }));
    expect(preview.errcode).toBe(0);
    expect(h.state.inbox(acct.appId, 'o-f0')[0]?.via).toBe('preview');
    const sent = await acct.post(SENDALL, { msgtype: 'mpnews', mpnews: { media_id: 'm1' }, filter: { is_to_all: true } });
    expect(sent.errcode).toBe(0);
    expect((await acct.post('/cgi-bin/message/mass/delete', { msg_id: sent.msg_id })).errcode).toBe(0);
    expect((await acct.post('/cgi-bin/message/mass/get', { msg_id: sent.msg_id })).msg_status).toBe('DELETE');
    expect(h.state.inbox(acct.appId, 'o-f1')[0]?.deleted).toBe(true);
  });
});
