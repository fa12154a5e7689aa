'use client';

import { useActionState, useState, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { cn } from '@/lib/cn';
import type { DeliveryFormState } from '@/lib/broadcasts/form-state';

/**
 * The forms of the send panel and the delivery page. Copy comes from the server page
 * (lib/i18n/dict/broadcast-delivery.ts) as `copy`: `ok.<code>`, `error.<code>`, `field.<code>`.
 * A refused form keeps what was typed (the action hands it back) and says what is wrong next
 * to the field.
 */
type Action = (state: DeliveryFormState, form: FormData) => Promise<DeliveryFormState>;
export type Copy = Record<string, string>;

const control = 'mt-1 block min-h-11 w-full rounded-lg border border-slate-400 bg-white px-3 text-base aria-[invalid=true]:border-red-700';

function fieldError(state: DeliveryFormState, name: string, copy: Copy): string | null {
  const code = state.fieldErrors?.[name]?.[0];
  if (!code) return null;
  return copy[`field.${code}`] ?? copy['field.invalid'] ?? code;
}

function Outcome({ state, pending, copy }: { state: DeliveryFormState; pending: boolean; copy: Copy }) {
  const text = pending ? '' : state.ok ? (copy[`ok.${state.code}`] ?? '') : state.code ? (copy[`error.${state.code}`] ?? copy['error.error'] ?? '') : '';
  return (
    <p role="status" aria-live="polite" className={cn('min-h-5 text-sm font-medium', state.ok ? 'text-brand-700' : 'text-red-700')}>
      {text}
    </p>
  );
}

function Hidden({ values }: { values: Record<string, string> }) {
  return (
    <>
      {Object.entries(values).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
    </>
  );
}

/** One button that runs one action (cancel, publish, trial mode, remove a guest). */
export function ButtonForm({ action, hidden, label, pendingLabel, copy, variant = 'secondary', ariaLabel }: { action: Action; hidden: Record<string, string>; label: string; pendingLabel: string; copy: Copy; variant?: 'primary' | 'secondary'; ariaLabel?: string }) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className="space-y-1">
      <Hidden values={hidden} />
      <Button type="submit" variant={variant} disabled={pending} aria-label={ariaLabel}>
        {pending ? pendingLabel : label}
      </Button>
      <Outcome state={state} pending={pending} copy={copy} />
    </form>
  );
}

export interface TagOption {
  id: number;
  name: string;
  audience: number;
}

/** Target (all or one tag) with its audience size, now or at a time, and the confirmation. */
export function SendForm({ action, hidden, tags, audienceAll, trial, copy }: { action: Action; hidden: Record<string, string>; tags: TagOption[]; audienceAll: number; trial: boolean; copy: Copy }) {
  const [state, formAction, pending] = useActionState(action, {});
  const v = state.values ?? {};
  const [target, setTarget] = useState(v.target ?? 'all');
  const [tagId, setTagId] = useState(v.tagId ?? String(tags[0]?.id ?? ''));
  const [when, setWhen] = useState(v.when ?? 'now');
  const audience = target === 'tag' ? (tags.find((t) => String(t.id) === tagId)?.audience ?? 0) : audienceAll;
  const audienceText = (trial ? copy['audience.trial'] : copy.audience)!.replace('{n}', String(audience));
  return (
    <form action={formAction} className="space-y-3" key={state.at}>
      <Hidden values={hidden} />
      <fieldset className="space-y-1">
        <legend className="font-medium">{copy['target.legend']}</legend>
        <Radio name="target" value="all" checked={target === 'all'} onChange={setTarget} label={copy['target.all']!} />
        <Radio name="target" value="tag" checked={target === 'tag'} onChange={setTarget} label={copy['target.tag']!} disabled={tags.length === 0} />
        {tags.length === 0 ? <p className="text-sm text-slate-700">{copy['target.noTags']}</p> : null}
      </fieldset>
      {target === 'tag' ? (
        <Field id="send-tag" label={copy['target.tagLabel']} error={fieldError(state, 'tagId', copy)}>
          {(p) => (
            <select {...p} name="tagId" className={control} value={tagId} onChange={(e) => setTagId(e.target.value)}>
              {tags.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      <p className="font-semibold" aria-live="polite" data-testid="audience-size">
        {audienceText}
      </p>
      <fieldset className="space-y-1">
        <legend className="font-medium">{copy['when.legend']}</legend>
        <Radio name="when" value="now" checked={when === 'now'} onChange={setWhen} label={copy['when.now']!} />
        <Radio name="when" value="later" checked={when === 'later'} onChange={setWhen} label={copy['when.later']!} />
      </fieldset>
      {when === 'later' ? (
        <Field id="send-at" label={copy['when.at']} error={fieldError(state, 'scheduledAt', copy)}>
          {(p) => <input {...p} type="datetime-local" name="scheduledAt" defaultValue={v.scheduledAt ?? ''} required className={control} />}
        </Field>
      ) : null}
      <p className="text-sm text-slate-700">{copy['send.warning']}</p>
      <Button type="submit" disabled={pending}>
        {pending ? copy['send.pending'] : copy['send.submit']}
      </Button>
      <Outcome state={state} pending={pending} copy={copy} />
    </form>
  );
}

function Radio({ name, value, checked, onChange, label, disabled }: { name: string; value: string; checked: boolean; onChange: (v: string) => void; label: string; disabled?: boolean }) {
  return (
    <label className="flex min-h-11 items-center gap-3">
      <input type="radio" name={name} value={value} checked={checked} disabled={disabled} onChange={() => onChange(value)} className="size-5" />
      <span>{label}</span>
    </label>
  );
}

/** "Send a preview": to every guest, or to one follower named by OpenID or remark. */
export function PreviewForm({ action, hidden, copy }: { action: Action; hidden: Record<string, string>; copy: Copy }) {
  const [state, formAction, pending] = useActionState(action, {});
  const v = state.values ?? {};
  const [to, setTo] = useState(v.to ?? 'guests');
  return (
    <form action={formAction} className="space-y-3" key={state.at}>
      <Hidden values={hidden} />
      <fieldset className="space-y-1">
        <legend className="font-medium">{copy['preview.to']}</legend>
        <Radio name="to" value="guests" checked={to === 'guests'} onChange={setTo} label={copy['preview.guests']!} />
        <Radio name="to" value="follower" checked={to === 'follower'} onChange={setTo} label={copy['preview.follower']!} />
      </fieldset>
      {to === 'follower' ? (
        <Field id="preview-follower" label={copy['preview.followerLabel']} error={fieldError(state, 'follower', copy)}>
          {(p) => <input {...p} name="follower" defaultValue={v.follower ?? ''} required maxLength={100} className={control} />}
        </Field>
      ) : null}
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? copy['send.pending'] : copy['preview.submit']}
      </Button>
      <Outcome state={state} pending={pending} copy={copy} />
    </form>
  );
}

/** Adds a guest by OpenID or remark name. */
export function GuestForm({ action, hidden, copy }: { action: Action; hidden: Record<string, string>; copy: Copy }) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className="space-y-2" key={state.at}>
      <Hidden values={hidden} />
      <Field id="guest-follower" label={copy['guests.followerLabel']} error={fieldError(state, 'follower', copy)}>
        {(p) => <input {...p} name="follower" defaultValue={state.ok ? '' : (state.values?.follower ?? '')} required maxLength={100} className={control} />}
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? copy['send.pending'] : copy['guests.add']}
      </Button>
      <Outcome state={state} pending={pending} copy={copy} />
    </form>
  );
}

/** The quota policy: a preset, or limit / window / cap by hand. */
export function PolicyForm({ action, hidden, copy, current }: { action: Action; hidden: Record<string, string>; copy: Copy; current: { preset: string; limit: number; window: string; cap: number | null } }) {
  const [state, formAction, pending] = useActionState(action, {});
  const v = state.values ?? {};
  const [preset, setPreset] = useState(v.preset ?? current.preset);
  const presets = ['subscription', 'service', 'certified_daily', 'custom'];
  return (
    <form action={formAction} className="space-y-3" key={state.at}>
      <Hidden values={hidden} />
      <fieldset className="space-y-1">
        <legend className="font-medium">{copy['policy.preset']}</legend>
        {presets.map((p) => (
          <Radio key={p} name="preset" value={p} checked={preset === p} onChange={setPreset} label={copy[`policy.preset.${p}`]!} />
        ))}
      </fieldset>
      {preset === 'custom' ? (
        <div className="grid gap-3 sm:grid-cols-3">
          <Field id="policy-limit" label={copy['policy.limit']} error={fieldError(state, 'limit', copy)}>
            {(p) => <input {...p} name="limit" type="number" min={1} max={100} inputMode="numeric" defaultValue={v.limit ?? String(current.limit)} className={control} />}
          </Field>
          <Field id="policy-window" label={copy['policy.window']} error={fieldError(state, 'window', copy)}>
            {(p) => (
              <select {...p} name="window" defaultValue={v.window ?? current.window} className={control}>
                <option value="day">{copy['window.day']}</option>
                <option value="month">{copy['window.month']}</option>
              </select>
            )}
          </Field>
          <Field id="policy-cap" label={copy['policy.cap']} error={fieldError(state, 'followerMonthlyCap', copy)}>
            {(p) => <input {...p} name="followerMonthlyCap" type="number" min={1} max={100} inputMode="numeric" defaultValue={v.followerMonthlyCap ?? (current.cap === null ? '' : String(current.cap))} className={control} />}
          </Field>
        </div>
      ) : null}
      <Button type="submit" disabled={pending}>
        {pending ? copy['send.pending'] : copy['policy.submit']}
      </Button>
      <Outcome state={state} pending={pending} copy={copy} />
    </form>
  );
}

export function Section({ title, children, id }: { title: string; children: ReactNode; id?: string }) {
  return (
    <section aria-labelledby={id} className="space-y-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}
