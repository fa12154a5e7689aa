import type { Db } from '../client';
import { loadWebhookAccount } from '../../lib/accounts/webhook-account';
import type { SecretKeys } from '../../lib/crypto/secret-box';
import { ingestInbound } from '../../lib/inbox/ingest';
import { toInboundMessage } from '../../lib/wechat/messages';

/**
 * A few citizens' questions already waiting in the demo inboxes, stored through the same ingest
 * path as the webhook (followers, conversations, due times, auto-replies). Due times count working
 * hours (docs/citizen-service.md), so the two-week-old one is overdue whatever the day.
 */
const DEMO_INQUIRIES = [
  { slug: 'zhaoqing-police', openid: 'oDemoSeed01', hoursAgo: 14 * 24, content: '请问居住证办理需要哪些材料？在哪里办？' },
  { slug: 'zhaoqing-police', openid: 'oDemoSeed02', hoursAgo: 5, content: '小孩办理港澳通行证，父母都要到场吗？' },
  { slug: 'zhaoqing-police', openid: 'oDemoSeed03', hoursAgo: 1, content: '小区门口晚上经常有人飙车，能不能管一管？' },
  { slug: 'zhongshan-youth', openid: 'oDemoSeed04', hoursAgo: 20, content: '志愿时长证明在哪里打印？学校要交。' },
  { slug: 'zhongshan-youth', openid: 'oDemoSeed05', hoursAgo: 2, content: '周末的清洁行动，初中生可以参加吗？' },
] as const;

/** `keys` are the ones the seed sealed the accounts with (they need not be the environment's). */
export async function seedDemoInquiries(db: Db, now: Date, keys: SecretKeys): Promise<void> {
  let msgId = BigInt(now.getTime()) * 1000n;
  for (const inquiry of DEMO_INQUIRIES) {
    const account = await loadWebhookAccount(db, inquiry.slug, now, keys);
    if (!account?.credentials.originalId) continue;
    const at = new Date(now.getTime() - inquiry.hoursAgo * 3_600_000);
    msgId += 1n;
    const message = toInboundMessage({
      ToUserName: account.credentials.originalId,
      FromUserName: inquiry.openid,
      CreateTime: String(Math.floor(at.getTime() / 1000)),
      MsgType: 'text',
      Content: inquiry.content,
      MsgId: msgId.toString(),
    });
    await ingestInbound({ db, account, message, receivedAt: at });
  }
}
