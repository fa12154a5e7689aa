'use client';

import { startTransition, useActionState, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { ActionState } from '@/app/admin/run-command';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { cn } from '@/lib/cn';

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;
export type RuleFormValues = Record<'kind' | 'matchType' | 'pattern' | 'priority' | 'activeFrom' | 'activeUntil' | 'replyType' | 'content' | 'mediaId' | 'title' | 'description' | 'picUrl' | 'url', string>;

const KINDS = ['keyword', 'subscribe', 'click', 'default'] as const;
const MATCH_TYPES = ['exact', 'contains', 'regex'] as const;
const REPLY_TYPES = ['text', 'image', 'news'] as const;

const selectClass = 'block min-h-11 w-full rounded-lg border border-slate-300 bg-white px-3 text-base text-slate-900';
const textareaClass = 'block w-full rounded-lg border border-slate-300 bg-white p-3 text-base text-slate-900';

/**
 * Create or edit one auto-reply rule. The fields follow the kind (a keyword needs a match type
 * and a pattern, a menu click the button key) and the reply type (text, an image's media_id, or
 * one news article). What was typed stays after an error, and each error sits under its field.
 * `copy` is the replies.* dictionary in the reader's language, keyed without the prefix.
 */
export function RuleForm({ action, hidden, values, copy, submitLabel }: { action: Action; hidden: Record<string, string>; values: RuleFormValues; copy: Record<string, string>; submitLabel: string }) {
  const [state, formAction, pending] = useActionState(action, {});
  const [kind, setKind] = useState(values.kind || 'keyword');
  const [matchType, setMatchType] = useState(values.matchType || 'exact');
  const [replyType, setReplyType] = useState(values.replyType || 'text');
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state.fieldErrors) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [state]);

  const errorOf = (name: string): string | null => {
    const [code, near] = state.fieldErrors?.[name] ?? [];
    if (!code) return null;
    return (copy[`error.${code}`] ?? copy['error.required']!).replace('{near}', near ?? '');
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    // React resets a form after an action passed as `action`; this way what was typed stays on an error.
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(() => formAction(form));
  };
  const text = (name: keyof RuleFormValues, label: string, hint?: string, props: { type?: string; inputMode?: 'numeric'; className?: string } = {}) => (
    <Field id={`rule-${name}`} label={label} hint={hint} error={errorOf(name)} className={props.className}>
      {(control) => <Input {...control} name={name} type={props.type ?? 'text'} inputMode={props.inputMode} defaultValue={values[name]} className={cn(control['aria-invalid'] && 'border-red-600')} />}
    </Field>
  );
  const select = (name: 'kind' | 'matchType' | 'replyType', label: string, options: readonly string[], optionLabel: (o: string) => string, value: string, onChange: (v: string) => void) => (
    <Field id={`rule-${name}`} label={label} error={errorOf(name)}>
      {(control) => (
        <select {...control} name={name} value={value} onChange={(e) => onChange(e.target.value)} className={selectClass}>
          {options.map((o) => (
            <option key={o} value={o}>
              {optionLabel(o)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  const patternLabel = kind === 'click' ? copy['field.patternClick']! : matchType === 'regex' ? copy['field.patternRegex']! : copy['field.pattern']!;
  const patternHint = kind === 'click' ? copy['hint.patternClick'] : matchType === 'regex' ? copy['hint.patternRegex'] : copy['hint.pattern'];

  return (
    <form ref={formRef} onSubmit={onSubmit} className="space-y-4" noValidate>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Group>
        {select('kind', copy['field.kind']!, KINDS, (o) => copy[`group.${o}`]!, kind, setKind)}
        {kind === 'keyword' ? select('matchType', copy['field.matchType']!, MATCH_TYPES, (o) => copy[`match.${o}`]!, matchType, setMatchType) : null}
        {kind === 'keyword' || kind === 'click' ? (
          <Field id="rule-pattern" label={patternLabel} hint={patternHint} error={errorOf('pattern')}>
            {(control) => (
              <Input
                {...control}
                name="pattern"
                defaultValue={values.pattern}
                autoCapitalize="off"
                autoCorrect="off"
                spellCheck={false}
                className={cn(matchType === 'regex' && kind === 'keyword' && 'font-mono', control['aria-invalid'] && 'border-red-600')}
              />
            )}
          </Field>
        ) : null}
        {text('priority', copy['field.priority']!, copy['hint.priority'], { inputMode: 'numeric' })}
      </Group>
      <Group legend={copy['field.hours']!} hint={copy['hint.hours']}>
        <div className="grid grid-cols-2 gap-3">
          {text('activeFrom', copy['field.activeFrom']!, undefined, { type: 'time' })}
          {text('activeUntil', copy['field.activeUntil']!, undefined, { type: 'time' })}
        </div>
      </Group>
      <Group legend={copy['field.replyType']!}>
        {select('replyType', copy['field.replyType']!, REPLY_TYPES, (o) => copy[`reply.${o}`]!, replyType, setReplyType)}
        {replyType === 'text' ? (
          <Field id="rule-content" label={copy['field.content']} hint={copy['hint.content']} error={errorOf('content')}>
            {(control) => <textarea {...control} name="content" rows={5} defaultValue={values.content} className={cn(textareaClass, control['aria-invalid'] && 'border-red-600')} />}
          </Field>
        ) : null}
        {replyType === 'image' ? text('mediaId', copy['field.mediaId']!, copy['hint.mediaId']) : null}
        {replyType === 'news' ? (
          <>
            {text('title', copy['field.title']!)}
            <Field id="rule-description" label={copy['field.description']} error={errorOf('description')}>
              {(control) => <textarea {...control} name="description" rows={2} defaultValue={values.description} className={textareaClass} />}
            </Field>
            {text('picUrl', copy['field.picUrl']!, copy['hint.picUrl'], { type: 'url' })}
            {text('url', copy['field.url']!, undefined, { type: 'url' })}
          </>
        ) : null}
      </Group>
      <Button type="submit" disabled={pending} aria-busy={pending} className="w-full sm:w-auto">
        {pending ? copy.saving : submitLabel}
      </Button>
      <p role="status" aria-live="polite" className={cn('min-h-5 text-sm font-medium', state.ok ? 'text-brand-700' : 'text-red-700')}>
        {pending ? '' : state.code === 'saved' ? copy.saved : state.code === 'invalid' ? copy.invalid : ''}
      </p>
    </form>
  );
}

/** A box of related fields; with a legend it is a fieldset, so the legend is read with each field. */
function Group({ legend, hint, children }: { legend?: string; hint?: string; children: ReactNode }) {
  if (!legend) return <div className="min-w-0 space-y-2 rounded-xl bg-white p-4 ring-1 ring-slate-200">{children}</div>;
  return (
    <fieldset className="min-w-0 space-y-2 rounded-xl bg-white p-4 ring-1 ring-slate-200">
      <legend className="px-1 font-semibold">{legend}</legend>
      {hint ? <p className="text-sm text-slate-700">{hint}</p> : null}
      {children}
    </fieldset>
  );
}
