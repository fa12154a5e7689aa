import type { ReactNode } from 'react';
import { linkPhones, parseBody, type Inline } from '@/lib/events/markdown';

const link = 'text-brand-700 underline underline-offset-4';

function inlines(items: Inline[], phoneClass = ''): ReactNode[] {
  return items.map((item, i) =>
    item.type === 'bold' ? (
      <strong key={i}>{item.text}</strong>
    ) : item.type === 'link' ? (
      <a key={i} href={item.href} rel="nofollow noopener noreferrer" className={link}>
        {item.text}
      </a>
    ) : item.type === 'phone' ? (
      <a key={i} href={item.href} className={`${link} whitespace-nowrap ${phoneClass}`}>
        {item.text}
      </a>
    ) : (
      <span key={i}>{item.text}</span>
    ),
  );
}

/**
 * Plain text (the event's contact line) with its phone numbers as tap-to-call links. Standing
 * alone, each link is a full 44 px target; inside running text (the body) it is a word among
 * words, as WCAG 2.5.8 allows for inline links.
 */
export function PhoneText({ text }: { text: string }) {
  return <>{inlines(linkPhones(text), 'inline-flex min-h-11 items-center')}</>;
}

/** An event body (Markdown subset) as React elements: no raw HTML path exists (docs/reliability.md G4). */
export function EventBody({ body }: { body: string }) {
  return (
    <div className="space-y-3 text-slate-800">
      {parseBody(body).map((block, i) =>
        block.type === 'list' ? (
          <ul key={i} className="list-disc space-y-1 pl-6">
            {block.items.map((item, j) => (
              <li key={j} className="whitespace-pre-line">
                {inlines(item)}
              </li>
            ))}
          </ul>
        ) : block.type === 'ordered' ? (
          <ol key={i} start={block.start === 1 ? undefined : block.start} className="list-decimal space-y-1 pl-6">
            {block.items.map((item, j) => (
              <li key={j} className="whitespace-pre-line">
                {inlines(item)}
              </li>
            ))}
          </ol>
        ) : (
          <p key={i} className="whitespace-pre-line">
            {inlines(block.inlines)}
          </p>
        ),
      )}
    </div>
  );
}
