import { eq } from 'drizzle-orm';
import { accounts, eventNotices, events, followers } from '../../db/schema';
import type { JobHandler } from '../jobs/worker';
import { formatDateTime } from '../format';
import { wechatApiFor, type WechatApiConfig } from '../wechat/api/client';
import { WechatApiCallError } from '../wechat/api/errors';
import { markNoticeUnreachable } from './notices';

/**
 * Delivers one event notice as a template message (docs/wechat-protocol.md §6.7). `client_msg_id` is the
 * notice key, so a retry after a lost answer is not shown twice (WeChat honours it ~10 min).
 * A permanent refusal (not a service account, template gone, citizen unfollowed) marks the
 * notice unreachable, where staff see it on the event page.
 */
export function eventTemplateHandler(config: WechatApiConfig): JobHandler {
  return {
    async run({ db, job }) {
      const noticeId = Number((job.payload as { noticeId?: unknown }).noticeId);
      const [row] = await db
        .select({ notice: eventNotices, openid: followers.openid, templateId: accounts.reminderTemplateId, title: events.title, startsAt: events.startsAt, accountId: events.accountId })
        .from(eventNotices)
        .innerJoin(events, eq(events.id, eventNotices.eventId))
        .innerJoin(accounts, eq(accounts.id, events.accountId))
        .leftJoin(followers, eq(followers.id, eventNotices.followerId))
        .where(eq(eventNotices.id, noticeId))
        .limit(1);
      if (!row || row.notice.route !== 'template') return { status: 'done' };
      if (!row.openid || !row.templateId) {
        await markNoticeUnreachable({ tx: db, noticeId, reason: 'no_template' });
        return { status: 'failed', error: 'no follower or template' };
      }
      try {
        const api = await wechatApiFor({ db, accountId: row.accountId, config });
        await api.call({
          method: 'POST',
          path: '/cgi-bin/message/template/send',
          body: {
            touser: row.openid,
            template_id: row.templateId,
            client_msg_id: row.notice.noticeKey.slice(0, 64),
            data: {
              thing1: { value: row.title.slice(0, 20) },
              time2: { value: formatDateTime(row.startsAt, 'zh-CN') },
              thing3: { value: row.notice.text.slice(0, 20) },
            },
          },
        });
        return { status: 'done' };
      } catch (error) {
        if (!(error instanceof WechatApiCallError)) throw error;
        if (error.kind === 'transient' || error.kind === 'quota') return { status: 'retry', error: `${error.code}: ${error.message}` };
        await markNoticeUnreachable({ tx: db, noticeId, reason: `template_${error.code}` });
        return { status: 'failed', error: `${error.code}: ${error.message}` };
      }
    },
    // client_msg_id makes a repeat after a crash safe to send (WeChat shows it once).
    async onLeaseExpired() {
      return 'retry';
    },
  };
}
