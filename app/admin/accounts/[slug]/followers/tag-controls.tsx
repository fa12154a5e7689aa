'use client';

import { useActionState } from 'react';
import type { ActionState } from '@/app/admin/run-command';
import { Button } from '@/components/ui/button';

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;

/** One tag of one follower, with a button that takes it away (single unassign). */
export function TagChip({ action, tagId, followerId, name, removeLabel }: { action: Action; tagId: number; followerId: number; name: string; removeLabel: string }) {
  const [, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className="inline-flex items-center rounded-full bg-slate-100 pl-3 text-sm ring-1 ring-slate-300">
      <input type="hidden" name="tagId" value={tagId} />
      <input type="hidden" name="mode" value="remove" />
      <input type="hidden" name="followerIds" value={followerId} />
      <span lang="zh-CN">{name}</span>
      <button type="submit" disabled={pending} aria-label={removeLabel} className="inline-flex size-11 items-center justify-center rounded-full hover:bg-slate-200">
        <span aria-hidden="true">×</span>
      </button>
    </form>
  );
}

export interface BulkCopy {
  heading: string;
  tag: string;
  add: string;
  remove: string;
  working: string;
  /** `add`, `remove` (with `{n}`), `followerIds`, `invalid`. */
  messages: Record<string, string>;
}

/**
 * Gives or takes a tag for the followers ticked in the list: the list's checkboxes belong to this
 * form through their `form` attribute, so each card can keep its own small forms (a form cannot
 * hold another).
 */
export function BulkTagForm({ id, action, tags, copy }: { id: string; action: Action; tags: Array<{ id: number; name: string }>; copy: BulkCopy }) {
  const [state, formAction, pending] = useActionState(action, {});
  const [code, n] = (state.code ?? '').split(':');
  const text = pending
    ? ''
    : state.ok
      ? (copy.messages[code ?? 'add'] ?? '').replace('{n}', n ?? '0')
      : state.fieldErrors?.followerIds
        ? copy.messages.followerIds
        : state.fieldErrors
          ? copy.messages.invalid
          : '';
  return (
    <form id={id} action={formAction} className="flex flex-wrap items-end gap-2 rounded-xl bg-white p-3 ring-1 ring-slate-200">
      <p className="w-full font-medium">{copy.heading}</p>
      <label className="flex-1">
        <span className="block text-sm">{copy.tag}</span>
        <select name="tagId" className="block min-h-11 w-full rounded-lg border border-slate-300 bg-white px-3" required>
          {tags.map((t) => (
            <option key={t.id} value={t.id} lang="zh-CN">
              {t.name}
            </option>
          ))}
        </select>
      </label>
      <Button type="submit" name="mode" value="add" disabled={pending}>
        {pending ? copy.working : copy.add}
      </Button>
      <Button type="submit" name="mode" value="remove" variant="secondary" disabled={pending}>
        {copy.remove}
      </Button>
      <p aria-live="polite" className={state.ok ? 'min-h-5 w-full text-sm text-brand-700' : 'min-h-5 w-full text-sm text-red-700'}>
        {text}
      </p>
    </form>
  );
}
