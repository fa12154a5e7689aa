'use client';

import { useActionState, useState } from 'react';
import type { ActionState } from '@/app/admin/inbox/actions';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { cn } from '@/lib/cn';

type Values = { remark: string; status: 'open' | 'pending' | 'resolved'; assigneeId: string };
type FieldName = keyof Values;

type Labels = Record<
  | 'remark' | 'remarkHint' | 'remarkTooLong' | 'status' | 'assignee' | 'unassigned' | 'anotherOpen' | 'assigneeInvalid'
  | 'save' | 'saving' | 'saved' | 'error',
  string
>;

/**
 * The conversation's side panel: what staff call the citizen, the status and the assignee,
 * saved together with one button — no select acts on its own, so moving through a select with
 * the arrow keys changes nothing until Save (docs/inbox.md). A refused field keeps what was
 * chosen and says why next to it.
 */
export function SidePanelForm({
  action,
  conversationId,
  values,
  statuses,
  team,
  labels,
  remarkMax,
}: {
  action: (state: ActionState, form: FormData) => Promise<ActionState>;
  conversationId: number;
  values: Values;
  statuses: Array<{ value: Values['status']; label: string }>;
  team: Array<{ id: string; name: string }>;
  labels: Labels;
  remarkMax: number;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  const [form, setForm] = useState(values);
  // Saved here or by a colleague (a live refresh): start again from what the server now holds.
  const [seen, setSeen] = useState(values);
  if (seen.remark !== values.remark || seen.status !== values.status || seen.assigneeId !== values.assigneeId) {
    setSeen(values);
    setForm(values);
  }

  const errors = pending ? {} : (state.fieldErrors ?? {});
  const errorOf = (field: FieldName): string | null => {
    if (!errors[field]) return null;
    if (field === 'status') return labels.anotherOpen;
    if (field === 'assigneeId') return labels.assigneeInvalid;
    return labels.remarkTooLong;
  };
  // Field errors are shown at their fields; this line is for the outcome as a whole.
  const result = pending || state.fieldErrors ? '' : state.ok ? labels.saved : state.code ? labels.error : '';
  const select = 'mt-1 block min-h-11 w-full rounded-lg border border-slate-300 bg-white px-2 text-base';
  const label = 'block text-sm font-medium';

  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="conversationId" value={conversationId} />
      <Field id="panel-remark" label={labels.remark} hint={labels.remarkHint} error={errorOf('remark')} labelClassName={label}>
        {(control) => (
          <Input {...control} name="remark" value={form.remark} onChange={(e) => setForm({ ...form, remark: e.target.value })} maxLength={remarkMax} autoComplete="off" className="mt-1" />
        )}
      </Field>
      <div className="grid grid-cols-2 gap-2">
        <Field id="panel-status" label={labels.status} error={errorOf('status')} labelClassName={label}>
          {(control) => (
            <select {...control} name="status" value={form.status} onChange={(e) => setForm({ ...form, status: e.target.value as Values['status'] })} className={select}>
              {statuses.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="panel-assignee" label={labels.assignee} error={errorOf('assigneeId')} labelClassName={label}>
          {(control) => (
            <select {...control} name="assigneeId" value={form.assigneeId} onChange={(e) => setForm({ ...form, assigneeId: e.target.value })} className={select}>
              <option value="">{labels.unassigned}</option>
              {team.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Button type="submit" variant="primary" disabled={pending} aria-disabled={pending} className="w-full">
        {pending ? labels.saving : labels.save}
      </Button>
      <p aria-live="polite" className={cn('min-h-5 text-sm', state.ok ? 'text-brand-700' : 'text-red-700')}>
        {result}
      </p>
    </form>
  );
}
