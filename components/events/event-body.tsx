import type { ReactNode } from 'react';
import { parseBody, type Inline } from '@/lib/events/markdown';

function inlines(items: Inline[]): ReactNode[] {
  return items.map((item, i) =>
    item.type === 'bold' ? (
      <strong key={i}>{item.text}</strong>
    ) : item.type === 'link' ? (
      <a key={i} href={item.href} rel="nofollow noopener noreferrer" className="text-brand-700 underline underline-offset-4">
        {item.text}
      </a>
    ) : (
      <span key={i}>{item.text}</span>
    ),
  );
}

/** An event body (Markdown subset) as React elements: no raw HTML path exists (docs/reliability.md G4). */
export function EventBody({ body }: { body: string }) {
  return (
    <div className="space-y-3 text-slate-800">
      {parseBody(body).map((block, i) =>
        block.type === 'list' ? (
          <ul key={i} className="list-disc space-y-1 pl-6">
            {block.items.map((item, j) => (
              <li key={j}>{inlines(item)}</li>
            ))}
          </ul>
        ) : (
          <p key={i} className="whitespace-pre-line">
            {inlines(block.inlines)}
          </p>
        ),
      )}
    </div>
  );
}
