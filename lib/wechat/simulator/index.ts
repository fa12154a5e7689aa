export { WechatApiState } from './api-state';
export type { ChatRecord, InteractionReport, SimEvent, WechatApiStateOptions } from './api-state';
export type {
  AccountType,
  AppRegistration,
  ChatEntry,
  ChatVia,
  Delivery,
  DeliveryVia,
  Follower,
  MassJob,
  PublishJob,
  MenuButton,
  ServiceWindow,
  TimelineEntry,
} from './app-data';
export {
  createWechatApiHandler,
  startWechatApiSimulator,
  MAX_BODY_BYTES,
} from './api-server';
export type {
  RunningWechatApiSimulator,
  StartWechatApiSimulatorOptions,
  WechatApiHandler,
  WechatApiHandlerOptions,
} from './api-server';
export { dispatchApiCall, mayCall } from './api-routes';
export type { ApiAnswer, ApiCall, Capability } from './api-routes';
export type { CallRecord } from './call-log';
export { ERRMSG, WechatApiError } from './errcodes';
export type { FaultScript, FaultScriptInput } from './faults';
export type { WindowSummary } from './followers';
export type { QrCode, ResolvedQr } from './qrcodes';
export { createManualClock } from './time';
export type { Clock, ManualClock } from './time';
export { DEMO_APPS, registerDemoApps } from './demo-apps';
export type { DemoApp } from './demo-apps';
export { publishJobFinishXml } from './publish';
export { pushJobReportsToWebhooks } from './job-reports';
