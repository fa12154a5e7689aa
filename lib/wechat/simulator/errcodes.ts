import { randomBytes } from 'node:crypto';

/**
 * errmsg texts worded as WeChat words them (docs/wechat-protocol.md §7 and the global return-code page).
 * Codes marked "guess" in a comment are ones WeChat's documentation does not confirm (docs/wechat-protocol.md
 * calls them unconfirmed): the simulator answers with the code usually reported.
 */
export const ERRMSG: Readonly<Record<number, string>> = {
  [-1]: 'system error',
  0: 'ok',
  40001: 'invalid credential, access_token is invalid or not latest',
  40002: 'invalid grant_type',
  40003: 'invalid openid',
  40007: 'invalid media_id',
  40008: 'invalid message type',
  40013: 'invalid appid',
  40014: 'invalid access_token',
  40016: 'invalid button size',
  40017: 'invalid button type',
  40018: 'invalid button name size',
  40019: 'invalid button key size',
  40020: 'invalid button url size',
  40023: 'invalid sub button size',
  40024: 'invalid sub button type',
  40025: 'invalid sub button name size',
  40026: 'invalid sub button key size',
  40027: 'invalid sub button url size',
  40032: 'invalid openid list size',
  40037: 'invalid template_id',
  40052: 'invalid action name',
  40053: 'invalid action info, please check document',
  40125: 'invalid appsecret',
  40130: 'invalid openid list size, at least two openid',
  40132: 'invalid username',
  41001: 'access_token missing',
  41002: 'appid missing',
  41004: 'appsecret missing',
  42001: 'access_token expired',
  43001: 'require GET method',
  43002: 'require POST method',
  43004: 'require subscribe',
  44004: 'empty content',
  45008: 'article size out of limit',
  45009: 'reach max api daily quota limit',
  45011: 'api minute-quota reach limit mustslower retry next minute',
  45015: 'response out of time limit or subscription is canceled',
  45028: 'has no masssend quota', // guess (unconfirmed, docs/wechat-protocol.md §6.3)
  45047: 'out of response count limit',
  45056: 'too many tags now, no need to add new',
  45057: "can't delete the tag that has too many fans",
  45058: "can't modify sys tag",
  45059: 'too many tags on this user', // guess (unconfirmed, docs/wechat-protocol.md §6.4)
  45065: 'clientmsgid exist',
  45067: 'clientmsgid size out of limit',
  45157: 'invalid tag name',
  45158: 'tag name too long',
  45159: 'invalid tag id',
  46003: 'menu no exist',
  47001: 'data format error',
  47003: 'argument invalid!',
  48001: 'api unauthorized',
  48006: 'forbid to clear quota because of reaching the limit',
};

/**
 * A WeChat-level refusal. Domain code throws it; the dispatcher turns it into the HTTP 200
 * `{errcode, errmsg}` body WeChat sends (docs/wechat-protocol.md §6: errors come in the body, not the status).
 */
export class WechatApiError extends Error {
  readonly errcode: number;
  /** Extra response fields WeChat adds to some errors (45065 carries the existing msg_id). */
  readonly extra: Readonly<Record<string, unknown>>;

  constructor(errcode: number, hint?: string, extra: Record<string, unknown> = {}) {
    const base = ERRMSG[errcode] ?? 'unknown error';
    super(hint ? `${base}, hint: [${hint}]` : base);
    this.name = 'WechatApiError';
    this.errcode = errcode;
    this.extra = extra;
  }
}

/** WeChat appends ` rid: <hex>-<hex>-<hex>` to error texts so support can trace the request. */
export function newRid(): string {
  const hex = randomBytes(12).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 16)}-${hex.slice(16, 24)}`;
}

export interface ErrorBody {
  errcode: number;
  errmsg: string;
  [field: string]: unknown;
}

export function errorBody(errcode: number, errmsg?: string, extra: Record<string, unknown> = {}): ErrorBody {
  const text = errmsg ?? ERRMSG[errcode] ?? 'unknown error';
  return { errcode, errmsg: `${text} rid: ${newRid()}`, ...extra };
}

export function bodyFromError(err: WechatApiError): ErrorBody {
  return errorBody(err.errcode, err.message, { ...err.extra });
}
