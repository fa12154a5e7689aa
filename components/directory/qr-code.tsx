import { qrMatrix, QUIET_ZONE } from '@/lib/directory/follow-qr';
import { cn } from '@/lib/cn';

/**
 * The follow QR code as inline SVG, drawn from the module matrix (no raw markup injected).
 * `crispEdges` keeps module borders sharp at any zoom, which scanners need.
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
