/**
 * Small inline icons: the demo runs offline on machines without an emoji font, where 📍 would
 * show as an empty box.
 */
export function PinIcon({ className = 'size-4' }: { className?: string }) {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true" className={`inline-block shrink-0 fill-current align-[-2px] ${className}`}>
      <path d="M12 2a7 7 0 0 0-7 7c0 5.25 7 13 7 13s7-7.75 7-13a7 7 0 0 0-7-7Zm0 9.5A2.5 2.5 0 1 1 12 6.5a2.5 2.5 0 0 1 0 5Z" />
    </svg>
  );
}

export function PhotoIcon({ className = 'size-4' }: { className?: string }) {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true" className={`inline-block shrink-0 fill-current align-[-2px] ${className}`}>
      <path d="M4 4h16a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2Zm0 13h16l-5-6-4 5-3-3-4 4Zm4-7.5A1.5 1.5 0 1 0 8 6.5a1.5 1.5 0 0 0 0 3Z" />
    </svg>
  );
}
