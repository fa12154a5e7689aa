import QRCode from 'qrcode';

/**
 * The follow QR code. It encodes the account's official follow link (accounts.follow_url);
 * in the demo, with the simulator on and no link set, the simulator's follow page with the
 * `directory` scene, so follows that start here are attributed to the directory.
 */
export function followUrlFor(account: { slug: string; followUrl: string | null }, options: { baseUrl: string; simulatorEnabled: boolean }): string | null {
  if (account.followUrl) return account.followUrl;
  if (!options.simulatorEnabled) return null;
  const url = new URL('/dev/wechat/follow', options.baseUrl);
  url.searchParams.set('account', account.slug);
  url.searchParams.set('scene', 'directory');
  return url.toString();
}

/** Error correction M (15 % damage) survives a cracked phone screen or a printed poster's crease. */
const ERROR_CORRECTION = 'M' as const;
/** The four-module quiet zone the QR specification asks for. */
export const QUIET_ZONE = 4;

export interface QrMatrix {
  /** Modules per side, without the quiet zone. */
  size: number;
  /** One SVG path of 1×1 squares, already offset by the quiet zone. */
  path: string;
}

/** The module grid as an SVG path: rendered by React as an element, never as raw markup. */
export function qrMatrix(text: string): QrMatrix {
  const code = QRCode.create(text, { errorCorrectionLevel: ERROR_CORRECTION });
  const { size } = code.modules;
  const parts: string[] = [];
  for (let row = 0; row < size; row++) {
    let col = 0;
    while (col < size) {
      if (!code.modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < size && code.modules.get(row, col)) col++;
      parts.push(`M${start + QUIET_ZONE} ${row + QUIET_ZONE}h${col - start}v1h-${col - start}z`);
    }
  }
  return { size, path: parts.join('') };
}

export async function qrPng(text: string, width: number): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: ERROR_CORRECTION, margin: QUIET_ZONE, width });
}
