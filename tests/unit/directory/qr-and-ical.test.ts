import ICAL from 'ical.js';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { followUrlFor, qrMatrix, qrPng, QUIET_ZONE } from '../../../lib/directory/follow-qr';
import { buildCalendar, escapeText, foldLine } from '../../../lib/events/ical';

function decode(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? null;
}

describe('follow QR code', () => {
  const url = followUrlFor({ slug: 'zhaoqing-police', followUrl: null }, { baseUrl: 'http://localhost:3000', simulatorEnabled: true })!;

  it('points at the simulator follow link with the directory scene in the demo', () => {
    expect(url).toBe('http://localhost:3000/dev/wechat/follow?account=zhaoqing-police&scene=directory');
    expect(followUrlFor({ slug: 'x', followUrl: 'https://mp.weixin.qq.com/x' }, { baseUrl: 'http://a', simulatorEnabled: true })).toBe('https://mp.weixin.qq.com/x');
    expect(followUrlFor({ slug: 'x', followUrl: null }, { baseUrl: 'http://a', simulatorEnabled: false })).toBeNull();
  });

  it('the PNG decodes back to the account URL', async () => {
    expect(decode(await qrPng(url, 600))).toBe(url);
    expect(decode(await QRCode.toBuffer(url, { errorCorrectionLevel: 'M', margin: QUIET_ZONE }))).toBe(url);
  });

  it('the inline SVG matrix, rasterised, decodes back to the account URL', () => {
    const { size, path } = qrMatrix(url);
    const scale = 8;
    const full = (size + QUIET_ZONE * 2) * scale;
    const png = new PNG({ width: full, height: full });
    png.data.fill(255);
    for (const [, x, y, w] of path.matchAll(/M(\d+) (\d+)h(\d+)/g)) {
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < Number(w) * scale; dx++) {
          const i = (((Number(y) * scale + dy) * full) + Number(x) * scale + dx) * 4;
          png.data[i] = png.data[i + 1] = png.data[i + 2] = 0;
        }
      }
    }
    expect(decode(PNG.sync.write(png))).toBe(url);
  });
});

describe('iCalendar', () => {
  it('escapes text and folds long lines at 75 octets without breaking characters', () => {
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
    const folded = foldLine(`DESCRIPTION:${'岐江河畔清洁行动，'.repeat(20)}`);
    for (const line of folded.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(folded.split('\r\n ').join('')).toBe(`DESCRIPTION:${'岐江河畔清洁行动，'.repeat(20)}`);
  });

  it('produces a calendar ical.js reads back exactly', () => {
    const startsAt = new Date('2026-03-07T01:00:00Z');
    const text = buildCalendar({
      name: '测试',
      events: [{ uid: 'e-1@test', title: '清洁行动; 第1期, 岐江', description: '第一行\n第二行：带上手套', location: '岐江公园, 南门', startsAt, endsAt: new Date('2026-03-07T04:00:00Z') }],
    });
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent')!);
    expect(event.summary).toBe('清洁行动; 第1期, 岐江');
    expect(event.description).toBe('第一行\n第二行：带上手套');
    expect(event.location).toBe('岐江公园, 南门');
    expect(event.startDate.toJSDate().getTime()).toBe(startsAt.getTime());
    expect(event.uid).toBe('e-1@test');
  });
});
