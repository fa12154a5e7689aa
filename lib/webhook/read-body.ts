import { WebhookError } from '../wechat/errors';

/**
 * Reads a request body as UTF-8 text, refusing more than `limit` bytes whether the size was
 * declared (Content-Length, refused before reading) or only discovered while streaming.
 * Decoding is strict: invalid UTF-8 is malformed input, not something to patch with U+FFFD.
 */
export async function readBodyText(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? '');
  if (Number.isFinite(declared) && declared > limit) throw new WebhookError('body_too_large');
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new WebhookError('body_too_large');
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new WebhookError('malformed_xml');
  }
}
