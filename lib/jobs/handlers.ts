import { BROADCAST_PUBLISH_JOB, broadcastPublishHandler } from '../broadcasts/publish';
import { BROADCAST_PREVIEW_JOB, BROADCAST_SEND_JOB, broadcastPreviewHandler, broadcastSendHandler } from '../broadcasts/send';
import { TEMPLATE_JOB } from '../events/notices';
import { eventTemplateHandler } from '../events/template-job';
import { sendReplyHandler } from '../inbox/deliver';
import { SEND_JOB } from '../inbox/reply';
import { MENU_PUBLISH_JOB, menuPublishHandler } from '../menu/publish-job';
import { tagMirrorHandlers } from '../tags/mirror-jobs';
import { TYPING_JOB, typingHandler } from '../service/typing';
import type { WechatApiConfig } from '../wechat/api/client';
import type { JobHandlers } from './worker';

/** Every job kind the outbox knows, wired to the WeChat API client configuration. */
export function outboxHandlers(config: WechatApiConfig): JobHandlers {
  return {
    [SEND_JOB]: sendReplyHandler(config),
    [TEMPLATE_JOB]: eventTemplateHandler(config),
    [MENU_PUBLISH_JOB]: menuPublishHandler(config),
    ...tagMirrorHandlers(config),
    [BROADCAST_SEND_JOB]: broadcastSendHandler(config),
    [BROADCAST_PREVIEW_JOB]: broadcastPreviewHandler(config),
    [BROADCAST_PUBLISH_JOB]: broadcastPublishHandler(config),
    [TYPING_JOB]: typingHandler(config),
  };
}
