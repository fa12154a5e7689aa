import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversations, messages, referrals } from '../../db/schema';
import { conversationForStaff } from '../../lib/inbox/access';
import { referCommand, replyCommand, statusCommand } from '../../lib/inbox/commands';
import { conversationDetail } from '../../lib/inbox/detail';
import { suggestReplies } from '../../lib/inbox/suggestions';
import { eventMessage, demoCredentials } from '../helpers/webhook';
import { accountIdOf, appIdOf, citizenWrites, conversationOf, createInboxWorld, drainOutbox, pushEvent, simInbox, staffOf, type InboxWorld } from './inbox-fixtures';

let w: InboxWorld;
beforeAll(async () => {
  w = await createInboxWorld();
});
afterAll(async () => {
  await w.close();
});

describe('referring a question to another department', () => {
  it('sends the citizen a follow card; scanning it opens the question at the other department with the trail on both sides', async () => {
    const youth = await staffOf(w, 'youth@wegov.local');
    const police = await staffOf(w, 'police@wegov.local');
    await citizenWrites(w, 'zhongshan-youth', 'oRefYouth', '我的电动车被偷了怎么办？');
    const source = await conversationOf(w, 'zhongshan-youth', 'oRefYouth');
    const result = await referCommand({
      db: w.t.db,
      staff: youth,
      config: w.config,
      input: { conversationId: source.id, toAccount: 'zhaoqing-police', question: '电动车被盗，想报案', note: '群众在端州区' },
    });
    expect(result.ok).toBe(true);
    const referralId = result.ok ? result.data.referralId : 0;
    await drainOutbox(w);
    const card = simInbox(w, 'zhongshan-youth', 'oRefYouth').at(-1);
    expect(card?.msgtype).toBe('news');
    const [referral] = await w.t.db.select().from(referrals).where(eq(referrals.id, referralId));
    expect(referral?.qrUrl).toBeTruthy();
    const code = w.sim.state.resolveTicket(referral!.qrTicket!);
    expect(code?.appId).toBe(appIdOf('zhaoqing-police'));
    expect(code?.sceneStr).toBe(`ref:${referralId}`);

    // The citizen scans with WeChat: the police account gets a subscribe with that scene.
    const credentials = demoCredentials('zhaoqing-police');
    const push = eventMessage(credentials, 'oRefPolice', 'subscribe', { EventKey: `qrscene_ref:${referralId}`, Ticket: referral!.qrTicket! });
    expect((await pushEvent(w, 'zhaoqing-police', push)).status).toBe(200);
    // A retry of the same push changes nothing.
    await pushEvent(w, 'zhaoqing-police', push);

    const target = await conversationOf(w, 'zhaoqing-police', 'oRefPolice');
    expect(target.referredFromId).toBe(source.id);
    const copied = await w.t.db.select().from(messages).where(eq(messages.conversationId, target.id));
    expect(copied.filter((m) => m.msgType === 'referral').map((m) => m.content)).toEqual(['电动车被盗，想报案']);

    const policeView = await conversationDetail({ db: w.t.db, conversation: (await conversationForStaff({ db: w.t.db, staff: police, conversationId: target.id, action: 'inbox.read' }))!.conversation });
    expect(policeView.referrals).toMatchObject([{ direction: 'in', otherAccountName: '中山青年', question: '电动车被盗，想报案', note: '群众在端州区' }]);
    const youthView = await conversationDetail({ db: w.t.db, conversation: (await conversationForStaff({ db: w.t.db, staff: youth, conversationId: source.id, action: 'inbox.read' }))!.conversation });
    expect(youthView.referrals).toMatchObject([{ direction: 'out', otherAccountName: '平安肇庆', status: 'accepted' }]);
    // Police staff still cannot open the youth side by its id.
    expect(await conversationForStaff({ db: w.t.db, staff: police, conversationId: source.id, action: 'inbox.read' })).toBeNull();
  });

  it('ignores a scan naming a referral meant for another account', async () => {
    const youth = await staffOf(w, 'youth@wegov.local');
    await citizenWrites(w, 'zhongshan-youth', 'oRefOther', '问题');
    const source = await conversationOf(w, 'zhongshan-youth', 'oRefOther');
    const result = await referCommand({ db: w.t.db, staff: youth, config: w.config, input: { conversationId: source.id, toAccount: 'zhaoqing-police', question: '问题' } });
    const referralId = result.ok ? result.data.referralId : 0;
    const credentials = demoCredentials('guangzhou-police');
    await pushEvent(w, 'guangzhou-police', eventMessage(credentials, 'oWrongAccount', 'SCAN', { EventKey: `ref:${referralId}` }));
    const [referral] = await w.t.db.select().from(referrals).where(eq(referrals.id, referralId));
    expect(referral?.status).toBe('offered');
    const other = await w.t.db.select().from(conversations).where(eq(conversations.accountId, await accountIdOf(w, 'guangzhou-police')));
    expect(other).toHaveLength(0);
  });

  it('reports a QR failure in plain terms and keeps no half-made referral (subscription accounts cannot create codes)', async () => {
    const police = await staffOf(w, 'police@wegov.local');
    await citizenWrites(w, 'zhaoqing-police', 'oRefToWeather', '台风天能出门吗');
    const source = await conversationOf(w, 'zhaoqing-police', 'oRefToWeather');
    const before = (await w.t.db.select().from(referrals)).length;
    const result = await referCommand({ db: w.t.db, staff: police, config: w.config, input: { conversationId: source.id, toAccount: 'zhaoqing-weather', question: '台风' } });
    expect(result).toEqual({ ok: false, error: 'wechat_48001' });
    expect((await w.t.db.select().from(referrals)).length).toBe(before);
  });
});

describe('suggestions from earlier answers', () => {
  it('offers what staff answered to a similar earlier question', async () => {
    const police = await staffOf(w, 'police@wegov.local');
    await citizenWrites(w, 'zhaoqing-police', 'oEarlier', '身份证丢了怎么补办？');
    const earlier = await conversationOf(w, 'zhaoqing-police', 'oEarlier');
    await replyCommand({ db: w.t.db, staff: police, input: { conversationId: earlier.id, text: '请带户口簿到户籍窗口补办，当场可取临时身份证。' } });
    await statusCommand({ db: w.t.db, staff: police, input: { conversationId: earlier.id, status: 'resolved' } });
    await citizenWrites(w, 'zhaoqing-police', 'oLater', '我的身份证丢了，怎么办');
    const later = await conversationOf(w, 'zhaoqing-police', 'oLater');
    const suggestions = await suggestReplies({ db: w.t.db, accountId: later.accountId, conversationId: later.id, text: '我的身份证丢了，怎么办' });
    expect(suggestions.map((s) => s.answer)).toContain('请带户口簿到户籍窗口补办，当场可取临时身份证。');
    const unrelated = await suggestReplies({ db: w.t.db, accountId: later.accountId, conversationId: later.id, text: '明天天气如何' });
    expect(unrelated).toHaveLength(0);
  });
});
