'use client';

import { useId, useState, type FormEvent } from 'react';
import type { PhoneAction } from '@/lib/wechat/simulator/phone';
import { PhotoIcon, PinIcon } from './icons';
import { PRESET_PLACES, type SimLabels } from './phone-data';

/**
 * The input row: text, and behind "+" the extras WeChat offers (location, photo). The text stays
 * in the box until the send succeeded, so a failed send loses nothing.
 */
export function Composer({ pending, labels, onSend }: { pending: boolean; labels: SimLabels; onSend(action: PhoneAction): Promise<boolean> }) {
  const [text, setText] = useState('');
  const [extrasOpen, setExtrasOpen] = useState(false);
  const id = useId();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (text.trim() === '' || pending) return;
    if (await onSend({ kind: 'text', content: text })) setText('');
  }

  async function extra(action: PhoneAction) {
    setExtrasOpen(false);
    await onSend(action);
  }

  return (
    <div className="border-t border-slate-300 bg-[#f7f7f7]">
      <form onSubmit={submit} className="flex items-center gap-2 px-2 py-2">
        <button
          type="button"
          aria-expanded={extrasOpen}
          aria-controls={`${id}-extras`}
          onClick={() => setExtrasOpen(!extrasOpen)}
          className="flex size-11 shrink-0 items-center justify-center rounded-full text-2xl text-slate-700 ring-1 ring-slate-400 hover:bg-slate-200"
        >
          <span aria-hidden="true">{extrasOpen ? '×' : '+'}</span>
          <span className="sr-only">{labels['sim.more']}</span>
        </button>
        <label htmlFor={`${id}-text`} className="sr-only">
          {labels['sim.message']}
        </label>
        <input
          id={`${id}-text`}
          value={text}
          onChange={(e) => setText(e.target.value)}
          maxLength={2000}
          enterKeyHint="send"
          autoComplete="off"
          placeholder={labels['sim.messagePlaceholder']}
          className="min-h-11 min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-3 text-base text-slate-900 placeholder:text-slate-500"
        />
        <button
          type="submit"
          disabled={pending || text.trim() === ''}
          className="min-h-11 shrink-0 rounded-md bg-brand-600 hover:bg-brand-700 px-4 text-base font-medium text-white disabled:bg-slate-300 disabled:text-slate-600"
        >
          {pending ? labels['sim.sending'] : labels['sim.send']}
        </button>
      </form>
      <div id={`${id}-extras`} hidden={!extrasOpen} className="border-t border-slate-200 px-3 py-2">
        <p className="mb-1 text-xs text-slate-600">{labels['sim.location']}</p>
        <ul className="grid grid-cols-2 gap-2">
          {PRESET_PLACES.map((place) => (
            <li key={place.nameKey}>
              <button
                type="button"
                disabled={pending}
                onClick={() => extra({ kind: 'location', latitude: place.latitude, longitude: place.longitude, label: place.label })}
                className="min-h-11 w-full rounded-md bg-white px-2 py-1 text-left text-sm ring-1 ring-slate-300 hover:bg-slate-50 disabled:text-slate-400"
              >
                <PinIcon className="mr-1 size-4 text-red-600" />
                {labels[place.nameKey]}
              </button>
            </li>
          ))}
        </ul>
        <button
          type="button"
          disabled={pending}
          onClick={() => extra({ kind: 'image' })}
          className="mt-2 min-h-11 w-full rounded-md bg-white px-2 text-sm ring-1 ring-slate-300 hover:bg-slate-50 disabled:text-slate-400"
        >
          <PhotoIcon className="mr-1 size-4" />
          {labels['sim.image']}
        </button>
      </div>
    </div>
  );
}
