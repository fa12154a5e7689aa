import { randomBytes } from 'node:crypto';
import { composeInboundRequest, renderInboundXml } from '../compose';
import type { WebhookCredentials } from '../inbound';
import type { WechatApiState } from './api-state';
import type { MassJob } from './app-data';
import { deliverPush, WECHAT_RETRIES, WECHAT_TIMEOUT_MS } from './phone';
import { publishJobFinishXml } from './publish';

/**
 * WeChat's platform reports, pushed to the account's webhook as WeChat pushes them: after a mass
 * send MASSSENDJOBFINISH (docs/wechat-protocol.md §3.4), after freepublish PUBLISHJOBFINISH.
 * The simulator only emits them as events; this turns them into signed (and, per the account's
 * mode, encrypted) POSTs with WeChat's retries, so a demo's broadcasts get their counts and
 * published articles their links. Returns the unsubscribe function.
 */
export function pushJobReportsToWebhooks(args: {
  state: WechatApiState;
  /** The account behind an appId and where its webhook lives; null: nobody to tell. */
  webhookOf: (appId: string) => Promise<{ url: string; credentials: WebhookCredentials } | null>;
  fetch?: typeof fetch;
}): () => void {
  const doFetch = args.fetch ?? fetch;
  const push = async (appId: string, render: (toUserName: string, createTime: number) => string) => {
    const target = await args.webhookOf(appId);
    if (!target) return;
    const createTime = Math.floor(args.state.now() / 1000);
    const xml = render(target.credentials.originalId ?? 'gh_unknown', createTime);
    const { query, body } = composeInboundRequest({
      credentials: target.credentials,
      xml,
      encrypt: target.credentials.mode !== 'plaintext',
      timestamp: String(createTime),
      nonce: String(randomBytes(4).readUInt32BE()),
    });
    await deliverPush({ url: `${target.url}?${query}`, body, fetch: doFetch, timeoutMs: WECHAT_TIMEOUT_MS, retries: WECHAT_RETRIES, retryDelayMs: 1_000 });
  };
  return args.state.onEvent((event) => {
    if (event.type === 'massJobFinished') void push(event.job.appId, (to, at) => massJobFinishXml(event.job, to, at)).catch(() => {});
    if (event.type === 'publishJobFinished') void push(event.job.appId, (to, at) => publishJobFinishXml(event.job, { toUserName: to, createTime: at })).catch(() => {});
  });
}

function massJobFinishXml(job: MassJob, toUserName: string, createTime: number): string {
  return renderInboundXml({
    ToUserName: toUserName,
    FromUserName: 'mphelper',
    CreateTime: createTime,
    MsgType: 'event',
    Event: 'MASSSENDJOBFINISH',
    MsgID: String(job.msgId),
    Status: job.status === 'SEND_SUCCESS' ? 'send success' : 'send fail',
    TotalCount: job.totalCount,
    FilterCount: job.filterCount,
    SentCount: job.sentCount,
    ErrorCount: job.errorCount,
  });
}
