'use client';

import { useActionState } from 'react';
import type { WebRegistrationState } from '@/app/(public)/events/[id]/actions';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { cn } from '@/lib/cn';

type Action = (state: WebRegistrationState, form: FormData) => Promise<WebRegistrationState>;

/** Name + phone + consent; each field has its error slot, the outcome is announced politely. */
export function WebRegistrationForm({ action, eventId, copy }: { action: Action; eventId: number; copy: Record<string, string> }) {
  const [state, formAction, pending] = useActionState(action, {});
  const err = (f: 'name' | 'phone' | 'consent') => Boolean(state.fieldErrors?.[f]?.length);
  const good = state.code === 'confirmed' || state.code === 'waitlisted' || state.code === 'already';
  return (
    <form action={formAction} className="space-y-3" noValidate>
      <input type="hidden" name="eventId" value={eventId} />
      <div>
        <label htmlFor="reg-name" className="block text-sm font-medium">
          {copy.name}
        </label>
        <Input id="reg-name" name="name" autoComplete="name" maxLength={30} required aria-invalid={err('name') || undefined} aria-describedby="reg-name-error" />
        <p id="reg-name-error" aria-live="polite" className="min-h-4 text-sm text-red-700">
          {err('name') ? copy['error.name'] : ''}
        </p>
      </div>
      <div>
        <label htmlFor="reg-phone" className="block text-sm font-medium">
          {copy.phone}
        </label>
        <Input id="reg-phone" name="phone" type="tel" inputMode="numeric" autoComplete="tel" maxLength={11} required aria-invalid={err('phone') || undefined} aria-describedby="reg-phone-error" />
        <p id="reg-phone-error" aria-live="polite" className="min-h-4 text-sm text-red-700">
          {err('phone') ? copy['error.phone'] : ''}
        </p>
      </div>
      <div>
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" name="consent" value="yes" className="mt-1 size-5" aria-describedby="reg-consent-error" required />
          <span>{copy.consent}</span>
        </label>
        <p id="reg-consent-error" aria-live="polite" className="min-h-4 text-sm text-red-700">
          {err('consent') ? copy['error.consent'] : ''}
        </p>
      </div>
      <Button type="submit" disabled={pending} aria-disabled={pending} className="w-full">
        {pending ? copy.pending : copy.submit}
      </Button>
      <p role="status" aria-live="polite" className={cn('min-h-5 font-medium', good ? 'text-brand-700' : 'text-red-700')}>
        {pending || !state.code ? '' : copy[state.code]}
      </p>
    </form>
  );
}
