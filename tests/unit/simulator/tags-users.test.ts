import { describe, expect, it } from 'vitest';
import { startHarness } from './sim-harness';

describe('simulated user tags (docs/wechat-protocol.md §6.4)', () => {
  it('numbers new tags from 100 and lists them with follower counts beside the system 星标组', async () => {
    const h = await startHarness();
    const acct = await h.account();
    await acct.citizen('o-a', 'subscribe');
    const a = await acct.post('/cgi-bin/tags/create', { tag: { name: '广东' } });
    expect(a).toEqual({ tag: { id: 100, name: '广东' } });
    await acct.post('/cgi-bin/tags/members/batchtagging', { openid_list: ['o-a'], tagid: 100 });
    const { tags } = await acct.get('/cgi-bin/tags/get');
    expect(tags).toEqual([
      { id: 2, name: '星标组', count: 0 },
      { id: 100, name: '广东', count: 1 },
    ]);
    expect(await acct.post('/cgi-bin/tags/getidlist', { openid: 'o-a' })).toEqual({ tagid_list: [100] });
  });

  it('refuses duplicate names (45157), names over 30 bytes (45158) and system tags (45058)', async () => {
    const h = await startHarness();
    const acct = await h.account();
    await acct.post('/cgi-bin/tags/create', { tag: { name: '青年' } });
    expect((await acct.post('/cgi-bin/tags/create', { tag: { name: '青年' } })).errcode).toBe(45157);
    expect((await acct.post('/cgi-bin/tags/create', { tag: { name: '一二三四五六七八九十一' } })).errcode).toBe(45158);
    expect((await acct.post('/cgi-bin/tags/create', { tag: { name: '一二三四五六七八九十' } })).tag.id).toBe(101);
    expect((await acct.post('/cgi-bin/tags/update', { tag: { id: 2, name: 'x' } })).errcode).toBe(45058);
    expect((await acct.post('/cgi-bin/tags/delete', { tag: { id: 1 } })).errcode).toBe(45058);
  });

  it('allows 100 tags per account, then answers 45056', async () => {
    const h = await startHarness();
    const acct = await h.account();
    for (let i = 0; i < 100; i += 1) {
      expect((await acct.post('/cgi-bin/tags/create', { tag: { name: `t${i}` } })).tag).toBeDefined();
    }
    expect((await acct.post('/cgi-bin/tags/create', { tag: { name: 'one-too-many' } })).errcode).toBe(45056);
  });

  it('refuses batches over 50 openids (40032) and non-followers (40003) without tagging anyone', async () => {
    const h = await startHarness();
    const acct = await h.account();
    await acct.citizen('o-a', 'subscribe');
    const { tag } = await acct.post('/cgi-bin/tags/create', { tag: { name: '社区' } });
    const tooMany = Array.from({ length: 51 }, (_, i) => `o-${i}`);
    expect((await acct.post('/cgi-bin/tags/members/batchtagging', { openid_list: tooMany, tagid: tag.id })).errcode).toBe(40032);
    const mixed = await acct.post('/cgi-bin/tags/members/batchtagging', { openid_list: ['o-a', 'o-stranger'], tagid: tag.id });
    expect(mixed.errcode).toBe(40003);
    expect((await acct.post('/cgi-bin/tags/getidlist', { openid: 'o-a' })).tagid_list).toEqual([]);
  });

  it('caps a follower at 20 tags', async () => {
    const h = await startHarness();
    const acct = await h.account();
    await acct.citizen('o-a', 'subscribe');
    for (let i = 0; i < 21; i += 1) await acct.post('/cgi-bin/tags/create', { tag: { name: `t${i}` } });
    for (let id = 100; id < 120; id += 1) {
      expect((await acct.post('/cgi-bin/tags/members/batchtagging', { openid_list: ['o-a'], tagid: id })).errcode).toBe(0);
    }
    expect((await acct.post('/cgi-bin/tags/members/batchtagging', { openid_list: ['o-a'], tagid: 120 })).errcode).toBe(45059);
  });

  it('untags, pages a tag’s members and forgets a deleted tag', async () => {
    const h = await startHarness({ userListPageSize: 2 });
    const acct = await h.account();
    for (const id of ['o-a', 'o-b', 'o-c']) await acct.citizen(id, 'subscribe');
    const { tag } = await acct.post('/cgi-bin/tags/create', { tag: { name: '楼长' } });
    await acct.post('/cgi-bin/tags/members/batchtagging', { openid_list: ['o-a', 'o-b', 'o-c'], tagid: tag.id });
    await acct.post('/cgi-bin/tags/members/batchuntagging', { openid_list: ['o-b'], tagid: tag.id });
    const page = await acct.post('/cgi-bin/user/tag/get', { tagid: tag.id, next_openid: '' });
    expect(page).toEqual({ count: 2, data: { openid: ['o-a', 'o-c'] }, next_openid: 'o-c' });
    expect((await acct.post('/cgi-bin/tags/delete', { tag: { id: tag.id } })).errcode).toBe(0);
    expect((await acct.post('/cgi-bin/tags/getidlist', { openid: 'o-a' })).tagid_list).toEqual([]);
    expect((await acct.post('/cgi-bin/tags/update', { tag: { id: tag.id, name: 'x' } })).errcode).toBe(45159);
  });
});

describe('simulated followers and user info (docs/wechat-protocol.md §6.5)', () => {
  it('pages user/get with next_openid and ends with an empty page', async () => {
    const h = await startHarness({ userListPageSize: 2 });
    const acct = await h.account();
    for (const id of ['o-1', 'o-2', 'o-3']) await acct.citizen(id, 'subscribe');
    await acct.citizen('o-gone', 'subscribe');
    await acct.citizen('o-gone', 'unsubscribe');
    const p1 = await acct.get('/cgi-bin/user/get');
    expect(p1).toEqual({ total: 3, count: 2, data: { openid: ['o-1', 'o-2'] }, next_openid: 'o-2' });
    const p2 = await acct.get('/cgi-bin/user/get', { next_openid: p1.next_openid });
    expect(p2).toEqual({ total: 3, count: 1, data: { openid: ['o-3'] }, next_openid: 'o-3' });
    expect(await acct.get('/cgi-bin/user/get', { next_openid: 'o-3' })).toEqual({ total: 3, count: 0, next_openid: '' });
  });

  it('returns only subscribe and openid for a former follower, and no nickname or avatar for a follower', async () => {
    const h = await startHarness();
    const acct = await h.account();
    await acct.citizen('o-a', 'subscribe', { scene: 'event-42' });
    await acct.citizen('o-b', 'subscribe');
    await acct.citizen('o-b', 'unsubscribe');
    const info = await acct.get('/cgi-bin/user/info', { openid: 'o-a', lang: 'zh_CN' });
    expect(info).toEqual({
      subscribe: 1,
      openid: 'o-a',
      subscribe_time: Math.floor(h.clock.now() / 1000),
      remark: '',
      groupid: 0,
      tagid_list: [],
      subscribe_scene: 'ADD_SCENE_QR_CODE',
      qr_scene: 0,
      qr_scene_str: 'event-42',
    });
    expect(await acct.get('/cgi-bin/user/info', { openid: 'o-b' })).toEqual({ subscribe: 0, openid: 'o-b' });
    expect((await acct.get('/cgi-bin/user/info', { openid: 'o-nobody' })).errcode).toBe(40003);
  });

  it('batch-gets up to 100 users (40032 beyond)', async () => {
    const h = await startHarness();
    const acct = await h.account();
    await acct.citizen('o-a', 'subscribe');
    const one = await acct.post('/cgi-bin/user/info/batchget', { user_list: [{ openid: 'o-a', lang: 'zh_CN' }] });
    expect(one.user_info_list).toHaveLength(1);
    const list = Array.from({ length: 101 }, () => ({ openid: 'o-a' }));
    expect((await acct.post('/cgi-bin/user/info/batchget', { user_list: list })).errcode).toBe(40032);
  });

  it('refuses user management to an unverified account with 48001', async () => {
    const h = await startHarness();
    const acct = await h.account({ type: 'service', verified: false });
    expect((await acct.get('/cgi-bin/user/get')).errcode).toBe(48001);
  });
});
