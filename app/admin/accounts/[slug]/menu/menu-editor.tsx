'use client';

import { useActionState, useEffect, useRef, useState } from 'react';
import type { ActionState } from '@/app/admin/run-command';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import {
  MENU_KEY_MAX_BYTES,
  MENU_MAX_BUTTONS,
  MENU_MAX_SUB_BUTTONS,
  MENU_NAME_MAX_BYTES,
  MENU_SUB_NAME_MAX_BYTES,
  MENU_URL_MAX_BYTES,
  type MenuButton,
  type MenuDraft,
  type MenuLeaf,
} from '@/lib/menu/limits';
import { MenuPreview } from './menu-preview';

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;

export interface MenuEditorCopy {
  button: string;
  sub: string;
  subHint: string;
  name: string;
  type: string;
  key: string;
  keyHint: string;
  url: string;
  typeClick: string;
  typeView: string;
  bytes: string;
  addButton: string;
  addSub: string;
  removeButton: string;
  removeSub: string;
  save: string;
  saving: string;
  check: string;
  checking: string;
  publish: string;
  publishing: string;
  ignoreBroken: string;
  unsaved: string;
  previewHeading: string;
  previewEmpty: string;
  previewChat: string;
  /** Result codes (`saved`, `published`, `checked`) and error codes (`required`, `too_long`…). */
  messages: Record<string, string>;
}

const bytes = (s: string) => new TextEncoder().encode(s).length;
const fill = (template: string, vars: Record<string, string | number>) => template.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
const emptyLeaf = (): MenuLeaf => ({ name: '', type: 'click', key: '' });

/**
 * The custom menu editor (docs/admin.md "Menu"): buttons and sub-buttons with a live byte count
 * against WeChat's limits, the server's errors next to each field (kept with what was typed), a
 * phone-shaped preview, and publish — which sends the saved draft, so it waits until changes are
 * saved.
 */
export function MenuEditor({
  account,
  initial,
  knownKeys,
  accountName,
  copy,
  saveAction,
  checkAction,
  publishAction,
  canPublish,
}: {
  account: string;
  initial: MenuDraft;
  knownKeys: Array<{ key: string; label: string }>;
  accountName: string;
  copy: MenuEditorCopy;
  saveAction: Action;
  checkAction: Action;
  publishAction: Action;
  canPublish: boolean;
}) {
  const [menu, setMenu] = useState<MenuDraft>(initial);
  const [saved, setSaved] = useState(JSON.stringify(initial));
  // What was saved is what this form sent, recorded when the server said ok.
  const [state, formAction, pending] = useActionState(async (previous: ActionState, form: FormData) => {
    const next = await saveAction(previous, form);
    if (next.ok) setSaved(String(form.get('menu')));
    return next;
  }, {});
  const [checkState, checkFormAction, checking] = useActionState(checkAction, {});
  const [publishState, publishFormAction, publishing] = useActionState(publishAction, {});
  const formRef = useRef<HTMLFormElement>(null);
  const dirty = JSON.stringify(menu) !== saved;

  useEffect(() => {
    if (state.fieldErrors) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [state]);

  const errorOf = (path: string): string | null => {
    const code = state.fieldErrors?.[path]?.[0];
    return code ? (copy.messages[code] ?? copy.messages.invalid ?? code) : null;
  };
  const setButton = (i: number, next: MenuButton) => setMenu((m) => ({ buttons: m.buttons.map((b, j) => (j === i ? next : b)) }));
  const setSub = (i: number, j: number, next: MenuLeaf) => setMenu((m) => ({ buttons: m.buttons.map((b, k) => (k === i ? { ...b, sub: b.sub.map((s, l) => (l === j ? next : s)) } : b)) }));

  // Only `account` and `menu` (the JSON) are posted: the fields have no names, and the radios'
  // names start with `$`, which runStaffCommand leaves out like React's own — the command's
  // schema is strict.
  const leafFields = (prefix: string, path: string, leaf: MenuLeaf, max: number, onChange: (next: MenuLeaf) => void, legend: string) => (
    <>
      <Field id={`${prefix}-name`} label={copy.name} hint={fill(copy.bytes, { used: bytes(leaf.name.trim()), max })} error={errorOf(`${path}.name`)}>
        {(control) => <Input {...control} value={leaf.name} autoComplete="off" onChange={(e) => onChange({ ...leaf, name: e.target.value })} />}
      </Field>
      <fieldset className="space-y-1">
        <legend className="font-medium">
          {copy.type}
          <span className="sr-only">
            {' '}
            {legend}
          </span>
        </legend>
        <div className="flex flex-wrap gap-2">
          {(['click', 'view'] as const).map((type) => (
            <label key={type} className="inline-flex min-h-11 items-center gap-2 rounded-lg px-3 ring-1 ring-slate-300 has-[:checked]:bg-brand-50 has-[:checked]:ring-brand-600">
              <input type="radio" name={`$${prefix}-type`} value={type} checked={leaf.type === type} onChange={() => onChange(type === 'click' ? { name: leaf.name, type, key: leaf.key ?? '' } : { name: leaf.name, type, url: leaf.url ?? '' })} />
              {type === 'click' ? copy.typeClick : copy.typeView}
            </label>
          ))}
        </div>
      </fieldset>
      {leaf.type === 'click' ? (
        <Field
          id={`${prefix}-key`}
          label={copy.key}
          hint={`${copy.keyHint} ${fill(copy.bytes, { used: bytes((leaf.key ?? '').trim()), max: MENU_KEY_MAX_BYTES })}`}
          error={errorOf(`${path}.key`)}
        >
          {(control) => <Input {...control} list="menu-known-keys" value={leaf.key ?? ''} autoComplete="off" spellCheck={false} onChange={(e) => onChange({ ...leaf, key: e.target.value })} />}
        </Field>
      ) : (
        <Field id={`${prefix}-url`} label={copy.url} hint={fill(copy.bytes, { used: bytes((leaf.url ?? '').trim()), max: MENU_URL_MAX_BYTES })} error={errorOf(`${path}.url`)}>
          {(control) => <Input {...control} type="url" inputMode="url" value={leaf.url ?? ''} autoComplete="off" spellCheck={false} placeholder="https://" onChange={(e) => onChange({ ...leaf, url: e.target.value })} />}
        </Field>
      )}
    </>
  );

  const result = (s: ActionState, busy: boolean) => (busy ? '' : s.ok ? (copy.messages[s.code ?? 'saved'] ?? '') : s.code ? (copy.messages[s.code] ?? copy.messages.invalid ?? '') : '');
  const countError = errorOf('buttons');

  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
      <div className="space-y-4">
        <datalist id="menu-known-keys">
          {knownKeys.map((k) => (
            <option key={k.key} value={k.key}>
              {k.label}
            </option>
          ))}
        </datalist>
        <form ref={formRef} action={formAction} className="space-y-4" noValidate>
          <input type="hidden" name="account" value={account} />
          <input type="hidden" name="menu" value={JSON.stringify(menu)} />
          {menu.buttons.map((button, i) => {
            const n = i + 1;
            const prefix = `menu-b${i}`;
            const group = button.sub.length > 0;
            return (
              <fieldset key={i} className="space-y-3 rounded-xl bg-white p-4 ring-1 ring-slate-200">
                <legend className="px-1 text-lg font-semibold">{fill(copy.button, { n })}</legend>
                {group ? (
                  <>
                    <Field id={`${prefix}-name`} label={copy.name} hint={fill(copy.bytes, { used: bytes(button.name.trim()), max: MENU_NAME_MAX_BYTES })} error={errorOf(`b${i}.name`)}>
                      {(control) => <Input {...control} value={button.name} autoComplete="off" onChange={(e) => setButton(i, { ...button, name: e.target.value })} />}
                    </Field>
                    <p className="text-sm text-slate-700">{copy.subHint}</p>
                  </>
                ) : (
                  leafFields(prefix, `b${i}`, button, MENU_NAME_MAX_BYTES, (next) => setButton(i, { ...next, sub: [] }), fill(copy.button, { n }))
                )}
                {errorOf(`b${i}.sub`) ? <p className="text-sm font-medium text-red-700">{errorOf(`b${i}.sub`)}</p> : null}
                {button.sub.map((sub, j) => (
                  <fieldset key={j} className="space-y-3 rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200">
                    <legend className="px-1 font-semibold">
                      {fill(copy.button, { n })} · {fill(copy.sub, { n: j + 1 })}
                    </legend>
                    {leafFields(`${prefix}-s${j}`, `b${i}.s${j}`, sub, MENU_SUB_NAME_MAX_BYTES, (next) => setSub(i, j, next), `${fill(copy.button, { n })} ${fill(copy.sub, { n: j + 1 })}`)}
                    <Button type="button" variant="ghost" onClick={() => setButton(i, { ...button, sub: button.sub.filter((_, k) => k !== j) })}>
                      {fill(copy.removeSub, { n: j + 1 })}
                    </Button>
                  </fieldset>
                ))}
                <div className="flex flex-wrap gap-2">
                  <Button type="button" variant="secondary" disabled={button.sub.length >= MENU_MAX_SUB_BUTTONS} onClick={() => setButton(i, { ...button, sub: [...button.sub, emptyLeaf()] })}>
                    {copy.addSub}
                  </Button>
                  <Button type="button" variant="ghost" onClick={() => setMenu((m) => ({ buttons: m.buttons.filter((_, k) => k !== i) }))}>
                    {fill(copy.removeButton, { n })}
                  </Button>
                </div>
              </fieldset>
            );
          })}
          <p id="menu-buttons-error" aria-live="polite" className="min-h-5 text-sm font-medium text-red-700">
            {countError ?? ''}
          </p>
          <div className="flex flex-wrap items-center gap-3">
            <Button type="button" variant="secondary" disabled={menu.buttons.length >= MENU_MAX_BUTTONS} onClick={() => setMenu((m) => ({ buttons: [...m.buttons, { ...emptyLeaf(), sub: [] }] }))}>
              {copy.addButton}
            </Button>
            <Button type="submit" disabled={pending} aria-busy={pending}>
              {pending ? copy.saving : copy.save}
            </Button>
          </div>
          <p aria-live="polite" className={state.ok ? 'min-h-5 text-sm text-brand-700' : 'min-h-5 text-sm text-red-700'}>
            {result(state, pending)}
          </p>
        </form>

        <div className="flex flex-wrap items-start gap-4">
          <form action={checkFormAction} className="space-y-1">
            <input type="hidden" name="account" value={account} />
            <Button type="submit" variant="secondary" disabled={checking} aria-busy={checking}>
              {checking ? copy.checking : copy.check}
            </Button>
            <p aria-live="polite" className="min-h-5 text-sm text-brand-700">
              {result(checkState, checking)}
            </p>
          </form>
          {canPublish ? (
            <form action={publishFormAction} className="space-y-2">
              <input type="hidden" name="account" value={account} />
              <label className="flex min-h-11 items-center gap-2">
                <input type="checkbox" name="ignoreBrokenLinks" className="size-5" aria-describedby="menu-publish-result" />
                {copy.ignoreBroken}
              </label>
              <Button type="submit" disabled={publishing || dirty} aria-busy={publishing} aria-describedby="menu-publish-result">
                {publishing ? copy.publishing : copy.publish}
              </Button>
              <p id="menu-publish-result" aria-live="polite" className={publishState.ok && !dirty ? 'min-h-5 text-sm text-brand-700' : 'min-h-5 text-sm text-red-700'}>
                {dirty ? copy.unsaved : publishState.fieldErrors?.ignoreBrokenLinks ? copy.messages.broken_links : result(publishState, publishing)}
              </p>
            </form>
          ) : null}
        </div>
      </div>
      <MenuPreview menu={menu} accountName={accountName} copy={{ heading: copy.previewHeading, empty: copy.previewEmpty, chat: copy.previewChat }} />
    </div>
  );
}
