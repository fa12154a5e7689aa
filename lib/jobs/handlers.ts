import { TEMPLATE_JOB } from '../events/notices';
import { eventTemplateHandler } from '../events/template-job';
import { sendReplyHandler } from '../inbox/deliver';
import { SEND_JOB } from '../inbox/reply';
import { TYPING_JOB, typingHandler } from '../service/typing';
import type { WechatApiConfig } from '../wechat/api/client';
import type { JobHandlers } from './worker';

/** Every job kind the outbox knows, wired to the WeChat API client configuration. */
export function outboxHandlers(config: WechatApiConfig): JobHandlers {
  return { [SEND_JOB]: sendReplyHandler(config), [TEMPLATE_JOB]: eventTemplateHandler(config), [TYPING_JOB]: typingHandler(config) };
}
