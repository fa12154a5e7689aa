import type { IncomingMessage } from 'node:http';
import { WebhookError } from '../wechat/errors';

/**
 * Reads a request body as UTF-8 text, refusing more than `limit` bytes whether the size was
 * declared (Content-Length, refused before reading) or only discovered while streaming. Past
 * the limit it stops reading and leaves the rest unread: the caller answers with
 * `connection: close`, so the sender cannot keep streaming. Decoding is strict: invalid UTF-8
 * is malformed input, not something to patch with U+FFFD.
 */
export function readBody(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    try {
      assertDeclaredSize(request.headers['content-length'] ?? null, limit);
    } catch (error) {
      reject(error);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > limit) {
        cleanup();
        request.pause();
        reject(new WebhookError('body_too_large'));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      try {
        resolve(decodeStrict(Buffer.concat(chunks, size)));
      } catch (error) {
        reject(error);
      }
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      request.off('data', onData).off('end', onEnd).off('error', onError);
    };
    request.on('data', onData).on('end', onEnd).on('error', onError);
  });
}

function assertDeclaredSize(declaredLength: string | null, limit: number): void {
  const declared = Number(declaredLength ?? '');
  if (Number.isFinite(declared) && declared > limit) throw new WebhookError('body_too_large');
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function decodeStrict(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new WebhookError('malformed_xml');
  }
}
