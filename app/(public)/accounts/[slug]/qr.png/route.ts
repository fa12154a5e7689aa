import { getDb } from '@/db';
import { followUrlFor, qrPng } from '@/lib/directory/follow-qr';
import { getPublicAccount } from '@/lib/directory/search-accounts';
import { env } from '@/lib/env';

export const dynamic = 'force-dynamic';

/** The follow QR code as a PNG to save or print; `size` is clamped so it cannot be a DoS lever. */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  const { slug } = await params;
  const account = await getPublicAccount({ db: await getDb(), slug });
  if (!account || !account.official) return new Response('Not found', { status: 404 });
  const url = followUrlFor(account, env());
  if (!url) return new Response('Not found', { status: 404 });
  const requested = Number(new URL(request.url).searchParams.get('size'));
  const size = Number.isFinite(requested) && requested > 0 ? Math.min(Math.max(Math.round(requested), 200), 1200) : 600;
  const png = await qrPng(url, size);
  return new Response(new Uint8Array(png), {
    headers: {
      'Content-Type': 'image/png',
      'Content-Disposition': `inline; filename="${account.slug}-qr.png"`,
      'Cache-Control': 'public, max-age=3600',
    },
  });
}
