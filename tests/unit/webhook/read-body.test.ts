import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readBody } from '../../../lib/webhook/read-body';
import { WebhookError } from '../../../lib/wechat/errors';

const KiB = 1024;

/** A request body produced on demand, counting how much the reader pulled. */
function lazyBody(totalBytes: number, headers: Record<string, string> = {}) {
  let produced = 0;
  const stream = new Readable({
    highWaterMark: 16 * KiB,
    read() {
      if (produced >= totalBytes) return void this.push(null);
      const size = Math.min(16 * KiB, totalBytes - produced);
      produced += size;
      this.push(Buffer.alloc(size, 0x61));
    },
  });
  Object.assign(stream, { headers });
  return { request: stream as unknown as IncomingMessage, produced: () => produced };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  return error instanceof WebhookError ? error.code : String(error);
}

describe('readBody', () => {
  it('reads a body within the limit as text', async () => {
    const { request } = lazyBody(100 * KiB);
    expect((await readBody(request, 1024 * KiB)).length).toBe(100 * KiB);
  });

  it('stops reading soon after the limit: an endless body is refused, not buffered', async () => {
    const { request, produced } = lazyBody(64 * 1024 * KiB);
    expect(await codeOf(readBody(request, 1024 * KiB))).toBe('body_too_large');
    // The limit plus what was already in flight (a chunk and the stream's buffer), far from 64 MiB.
    expect(produced()).toBeLessThanOrEqual(1024 * KiB + 64 * KiB);
  });

  it('refuses a declared length over the limit without reading a byte', async () => {
    const { request, produced } = lazyBody(10 * KiB, { 'content-length': String(2 * 1024 * KiB) });
    expect(await codeOf(readBody(request, 1024 * KiB))).toBe('body_too_large');
    expect(produced()).toBe(0);
  });

  it('refuses bytes that are not UTF-8 as malformed', async () => {
    const request = Readable.from([Buffer.from([0x3c, 0x78, 0xff, 0xfe])]);
    Object.assign(request, { headers: {} });
    expect(await codeOf(readBody(request as unknown as IncomingMessage, KiB))).toBe('malformed_xml');
  });
});
