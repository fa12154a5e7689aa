import type { Problem, Where } from '@/lib/broadcasts/content-check';
import { fill, type BroadcastCopy } from './copy';

/**
 * The content check's findings (lib/broadcasts/content-check.ts), each with where it is and what
 * to do, as the author and every reviewer see them before a decision (docs/broadcasts.md).
 */
export function CheckList({ problems, copy }: { problems: Problem[]; copy: BroadcastCopy }) {
  if (problems.length === 0) {
    return (
      <p className="rounded-lg bg-brand-50 p-3 text-brand-800 ring-1 ring-brand-100" data-testid="check-clean">
        {copy['bc.check.clean']}
      </p>
    );
  }
  return (
    <div className="space-y-2">
      <p className="font-medium text-amber-900">{fill(copy['bc.check.count'], { n: problems.length })}</p>
      <ul className="space-y-2" data-testid="check-problems">
        {problems.map((p, i) => (
          <li key={i} className="rounded-lg bg-amber-50 p-3 text-sm ring-1 ring-amber-200">
            <p className="font-medium text-slate-900">
              {copy[`bc.check.kind.${p.kind}`]} · <span className="font-normal text-slate-700">{whereText(p.where, copy)}</span>
            </p>
            <p className="mt-1 break-words text-slate-900">{whatToDo(p, copy)}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function whereText(where: Where, copy: BroadcastCopy): string {
  const parts: string[] = [];
  if (where.article) parts.push(fill(copy['bc.where.article'], { n: where.article }));
  parts.push(copy[`bc.where.field.${where.field}`]);
  if (where.paragraph) parts.push(fill(copy['bc.where.paragraph'], { n: where.paragraph }));
  return parts.join(' · ');
}

function whatToDo(p: Problem, copy: BroadcastCopy): string {
  switch (p.kind) {
    case 'wording':
      return fill(p.suggestion ? copy['bc.check.do.wording'] : copy['bc.check.do.wordingNoSuggestion'], { word: p.word, suggestion: p.suggestion ?? '' }) + (p.note ? ` ${p.note}` : '');
    case 'id_number':
      return fill(copy['bc.check.do.id_number'], { excerpt: p.excerpt });
    case 'mobile':
      return fill(copy['bc.check.do.mobile'], { excerpt: p.excerpt });
    case 'link_not_https':
      return fill(copy['bc.check.do.link_not_https'], { url: p.url });
    case 'link_domain':
      return fill(copy['bc.check.do.link_domain'], { host: p.host });
    case 'image_alt':
      return copy['bc.check.do.image_alt'];
    case 'long_paragraph':
      return fill(copy['bc.check.do.long_paragraph'], { length: p.length, limit: p.limit });
  }
}
