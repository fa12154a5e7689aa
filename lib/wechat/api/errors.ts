/**
 * How a WeChat API answer should be treated (docs/wechat-protocol.md §7, docs/reliability.md J1–J8):
 * - `token`: the access_token is stale; refresh once through the shared cache and retry once.
 * - `transient`: busy (-1), HTTP 5xx, a dropped connection or a timeout; retry with backoff.
 * - `quota`: 45009, the account's daily quota for that API is spent; pause that API until
 *   Beijing midnight instead of retrying into the wall.
 * - `permanent`: the request will never succeed as it is (window closed, not a follower, API not
 *   allowed for this account type…); exactly one call, then tell staff in plain words.
 */
export type WechatErrorKind = 'token' | 'transient' | 'quota' | 'permanent';

const TOKEN_CODES = new Set([40001, 40014, 42001]);
/** Per-minute limits clear by themselves: worth a slow retry. */
const SLOW_TRANSIENT = new Set([-1, 45011]);

export function classifyErrcode(errcode: number): WechatErrorKind {
  if (TOKEN_CODES.has(errcode)) return 'token';
  if (SLOW_TRANSIENT.has(errcode)) return 'transient';
  if (errcode === 45009) return 'quota';
  // Unknown codes are not retried: a retry storm on an unexplained refusal helps nobody.
  return 'permanent';
}

/** The customer-service window is closed or used up: the reply can still go as a passive one. */
export function isWindowError(errcode: number): boolean {
  return errcode === 45015 || errcode === 45047;
}

export class WechatApiCallError extends Error {
  readonly kind: WechatErrorKind;
  /** WeChat's errcode; null when no WeChat answer arrived (network, timeout, HTTP 5xx). */
  readonly errcode: number | null;
  readonly httpStatus: number | null;
  /** False when the call was refused locally (paused API) and never left the process. */
  readonly reachedWechat: boolean;
  /** WeChat's whole answer, when one arrived: 45065 (clientmsgid used) carries the first send's msg_id. */
  readonly answer: Record<string, unknown> | null;

  constructor(args: {
    kind: WechatErrorKind;
    errcode: number | null;
    message: string;
    httpStatus?: number | null;
    reachedWechat?: boolean;
    answer?: Record<string, unknown> | null;
  }) {
    super(args.message);
    this.name = 'WechatApiCallError';
    this.kind = args.kind;
    this.errcode = args.errcode;
    this.httpStatus = args.httpStatus ?? null;
    this.reachedWechat = args.reachedWechat ?? true;
    this.answer = args.answer ?? null;
  }

  /** Stored on the message row and mapped to plain words in the UI (`inbox.error.<code>`). */
  get code(): string {
    if (this.errcode !== null) return String(this.errcode);
    return this.httpStatus ? `http_${this.httpStatus}` : 'network';
  }
}
