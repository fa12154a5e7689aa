import { qrMatrix, QUIET_ZONE } from '@/lib/directory/follow-qr';
import { cn } from '@/lib/cn';

/**
 * A QR code as inline SVG, drawn from the module matrix (no raw markup injected). For staff
 * pages that print codes; `crispEdges` keeps module borders sharp at any zoom. Citizens get
 * `FollowQr` instead: WeChat's long-press 识别图中二维码 reads images, not SVG.
 */
export function QrCode({ text, label, className }: { text: string; label: string; className?: string }) {
  const { size, path } = qrMatrix(text);
  const full = size + QUIET_ZONE * 2;
  return (
    <svg
      role="img"
      aria-label={label}
      viewBox={`0 0 ${full} ${full}`}
      shapeRendering="crispEdges"
      className={cn('h-auto bg-white', className)}
    >
      <rect width={full} height={full} fill="#ffffff" />
      <path d={path} fill="#000000" />
    </svg>
  );
}

/**
 * An official account's follow QR code as a PNG from `/accounts/{slug}/qr.png`, so a citizen
 * reading the page inside WeChat can long-press it → 识别图中二维码 (WeChat offers that on
 * images only; an SVG made them screenshot and re-scan — issue 11, item 4). 600 px drawn at
 * `displayPx` CSS px stays sharp on a 3× phone screen. A plain <img>: next/image would re-encode
 * it (WebP) through its optimiser, which is neither needed nor what WeChat should be handed.
 */
export function FollowQr({ slug, alt, displayPx, className }: { slug: string; alt: string; displayPx: number; className?: string }) {
  return (
    // eslint-disable-next-line @next/next/no-img-element -- the QR must reach WeChat as the PNG itself (see above)
    <img
      src={`/accounts/${encodeURIComponent(slug)}/qr.png?size=600`}
      alt={alt}
      width={displayPx}
      height={displayPx}
      decoding="async"
      className={cn('block max-w-full h-auto bg-white', className)}
    />
  );
}
