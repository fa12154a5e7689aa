import type { HTMLAttributes } from 'react';
import { cn } from '@/lib/cn';

type Tone = 'green' | 'red' | 'slate' | 'amber';
const tones: Record<Tone, string> = {
  green: 'bg-brand-50 text-brand-800 ring-brand-100',
  red: 'bg-red-50 text-red-800 ring-red-200',
  slate: 'bg-slate-100 text-slate-700 ring-slate-200',
  amber: 'bg-amber-50 text-amber-900 ring-amber-200',
};

export function Badge({ tone = 'slate', className, ...props }: HTMLAttributes<HTMLSpanElement> & { tone?: Tone }) {
  return (
    <span
      className={cn('inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-sm font-medium ring-1', tones[tone], className)}
      {...props}
    />
  );
}
