export { WechatApi, wechatApiFor, pauseApi, nextBeijingMidnight } from './client';
export type { CustomMessage, QrCodeResult, WechatApiConfig } from './client';
export { WechatApiCallError, classifyErrcode, isWindowError } from './errors';
export type { WechatErrorKind } from './errors';
export { accessToken, resetTokenFlightsForTests } from './token';
export { httpTransport } from './transport';
export type { WechatTransport, WechatRequest } from './transport';
