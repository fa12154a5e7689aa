/**
 * Every way a webhook request can be refused, with the HTTP status and the short fixed reason
 * text the route answers with (docs/wechat-protocol.md §10). WeChat ignores error bodies, but people and
 * monitors read them, so the text is stable, ASCII and never echoes the input.
 */
export type WebhookErrorCode =
  | 'unknown_account'
  | 'method_not_allowed'
  | 'body_too_large'
  | 'invalid_signature'
  | 'stale_timestamp'
  | 'encryption_required'
  | 'cannot_decrypt'
  | 'wrong_appid'
  | 'malformed_xml'
  | 'doctype_not_allowed'
  | 'missing_field'
  | 'duplicate_field'
  | 'wrong_account'
  | 'unavailable';

export const WEBHOOK_ERRORS: Record<WebhookErrorCode, { status: number; reason: string }> = {
  unknown_account: { status: 404, reason: 'unknown account' },
  method_not_allowed: { status: 405, reason: 'method not allowed' },
  body_too_large: { status: 413, reason: 'body too large' },
  invalid_signature: { status: 401, reason: 'invalid signature' },
  stale_timestamp: { status: 401, reason: 'stale timestamp' },
  encryption_required: { status: 400, reason: 'encryption required' },
  cannot_decrypt: { status: 400, reason: 'cannot decrypt' },
  wrong_appid: { status: 401, reason: 'wrong appid' },
  malformed_xml: { status: 400, reason: 'malformed xml' },
  doctype_not_allowed: { status: 400, reason: 'doctype not allowed' },
  missing_field: { status: 400, reason: 'missing field' },
  duplicate_field: { status: 400, reason: 'duplicate field' },
  wrong_account: { status: 400, reason: 'wrong account' },
  // A 503 makes WeChat re-send within seconds; only for transient failures (docs/reliability.md §0.1).
  unavailable: { status: 503, reason: 'try again' },
};

/**
 * The one error type the protocol layer throws for a bad request. The message is the fixed
 * reason, so logging `err.message` can never leak a token, key or request content.
 */
export class WebhookError extends Error {
  readonly code: WebhookErrorCode;
  readonly status: number;
  readonly reason: string;

  constructor(code: WebhookErrorCode) {
    const { status, reason } = WEBHOOK_ERRORS[code];
    super(reason);
    this.name = 'WebhookError';
    this.code = code;
    this.status = status;
    this.reason = reason;
  }
}

export function isWebhookError(err: unknown): err is WebhookError {
  return err instanceof WebhookError;
}
