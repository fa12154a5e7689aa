'use client';

import { useEffect, useId, useState } from 'react';
import { contentLang, type Locale } from '@/lib/i18n/locales';
import type { PhoneAction } from '@/lib/wechat/simulator/phone';
import type { PhoneAccountSummary } from '@/lib/wechat/simulator/phone-accounts';
import { ChatLog, type PendingLine } from './chat-log';
import { Composer } from './composer';
import { MenuBar } from './menu-bar';
import { sendAction } from './phone-api';
import {
  DEFAULT_SCENE,
  fill,
  newOpenid,
  OPENID_STORAGE_KEY,
  PRESET_CITIZENS,
  type SimLabels,
} from './phone-data';
import { useTimeline } from './use-timeline';

interface Props {
  accounts: PhoneAccountSummary[];
  initialAccount: string;
  initialOpenid: string;
  labels: SimLabels;
  locale: Locale;
}

const NEW_CITIZEN = '__new__';

/** What the citizen's own action looks like on screen before the server confirmed it. */
function optimisticLine(action: PhoneAction): Omit<PendingLine, 'id'> | null {
  if (action.kind === 'text') return { msgtype: 'text', payload: { content: action.content } };
  if (action.kind === 'location') return { msgtype: 'location', payload: { ...action } };
  if (action.kind === 'image') return { msgtype: 'image', payload: {} };
  return null;
}

let pendingSeq = 0;

export function PhoneApp({ accounts, initialAccount, initialOpenid, labels, locale }: Props) {
  const [slug, setSlug] = useState(initialAccount);
  const [openid, setOpenid] = useState(initialOpenid);
  const [extraCitizens, setExtraCitizens] = useState<string[]>(() =>
    PRESET_CITIZENS.some((c) => c.openid === initialOpenid) ? [] : [initialOpenid],
  );
  const [scene, setScene] = useState(DEFAULT_SCENE);
  const [pending, setPending] = useState<PendingLine[]>([]);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const timeline = useTimeline(slug, openid);
  const id = useId();
  const account = accounts.find((a) => a.slug === slug) ?? accounts[0]!;

  // The choice lives in the URL so a link opens the same phone; the follow page reuses the citizen.
  useEffect(() => {
    const query = new URLSearchParams({ account: slug, openid });
    window.history.replaceState(null, '', `/dev/wechat?${query}`);
    try {
      window.localStorage.setItem(OPENID_STORAGE_KEY, openid);
    } catch {
      // Private mode or storage disabled: the follow page falls back to the default citizen.
    }
  }, [slug, openid]);

  function pickCitizen(value: string) {
    if (value === NEW_CITIZEN) {
      const fresh = newOpenid();
      setExtraCitizens((list) => [...list, fresh]);
      setOpenid(fresh);
    } else {
      setOpenid(value);
    }
    setError(null);
  }

  async function perform(action: PhoneAction): Promise<boolean> {
    setSending(true);
    setError(null);
    const line = optimisticLine(action);
    const localId = ++pendingSeq;
    if (line) setPending((list) => [...list, { id: localId, ...line }]);
    try {
      await sendAction(account.slug, openid, action);
      await timeline.refresh();
      return true;
    } catch {
      setError(labels['sim.sendError']);
      return false;
    } finally {
      setPending((list) => list.filter((p) => p.id !== localId));
      setSending(false);
    }
  }

  const citizenOptions = [
    ...PRESET_CITIZENS.map((c) => ({ openid: c.openid, name: labels[c.nameKey] })),
    ...extraCitizens.map((o) => ({ openid: o, name: labels['sim.citizen.newName'] })),
  ];

  return (
    <div className="mx-auto w-full max-w-[420px] space-y-3">
      <div className="grid grid-cols-2 gap-2">
        <div>
          <label htmlFor={`${id}-account`} className="block text-sm font-medium text-slate-700">
            {labels['sim.account']}
          </label>
          <select
            id={`${id}-account`}
            value={account.slug}
            onChange={(e) => {
              setSlug(e.target.value);
              setError(null);
            }}
            className="mt-1 block min-h-11 w-full rounded-lg border border-slate-300 bg-white px-2 text-base"
          >
            {accounts.map((a) => (
              <option key={a.slug} value={a.slug}>
                {a.name}
                {a.verified ? ` ✓ ${labels['sim.verified']}` : ` · ${labels['sim.unverified']}`}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-citizen`} className="block text-sm font-medium text-slate-700">
            {labels['sim.citizen']}
          </label>
          <select
            id={`${id}-citizen`}
            value={openid}
            onChange={(e) => pickCitizen(e.target.value)}
            className="mt-1 block min-h-11 w-full rounded-lg border border-slate-300 bg-white px-2 text-base"
          >
            {citizenOptions.map((c) => (
              <option key={c.openid} value={c.openid}>
                {c.name} {c.openid}
              </option>
            ))}
            <option value={NEW_CITIZEN}>{labels['sim.citizen.new']}</option>
          </select>
        </div>
      </div>

      <section
        aria-labelledby={`${id}-name`}
        className="flex h-[calc(100svh-17rem)] max-h-[760px] min-h-[440px] flex-col overflow-hidden rounded-2xl bg-white shadow-lg ring-1 ring-slate-300 sm:rounded-[2rem] sm:border-[10px] sm:border-slate-900 sm:ring-0"
      >
        <header className="flex min-h-12 items-center gap-2 border-b border-slate-300 bg-[#ededed] px-3">
          <h2 id={`${id}-name`} lang={contentLang(locale)} className="min-w-0 truncate text-[17px] font-semibold">
            {account.name}
          </h2>
          {account.verified ? (
            <span className="shrink-0 rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-800 ring-1 ring-brand-100">
              ✓ {labels['sim.verified']}
            </span>
          ) : (
            <span className="shrink-0 rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-900 ring-1 ring-amber-200">
              {labels['sim.unverified']}
            </span>
          )}
          {timeline.status === 'ready' && timeline.subscribed ? (
            <button
              type="button"
              disabled={sending}
              onClick={() => perform({ kind: 'unsubscribe' })}
              className="ml-auto min-h-11 shrink-0 rounded px-2 text-sm text-slate-600 underline-offset-2 hover:underline disabled:text-slate-400"
            >
              {labels['sim.unfollow']}
            </button>
          ) : null}
        </header>

        {timeline.status === 'ready' && !timeline.subscribed ? (
          <form
            className="space-y-2 border-b border-slate-300 bg-white px-3 py-2"
            onSubmit={(e) => {
              e.preventDefault();
              const trimmed = scene.trim();
              void perform(trimmed ? { kind: 'subscribe', scene: trimmed } : { kind: 'subscribe' });
            }}
          >
            <p className="text-sm text-slate-700">{labels['sim.followBanner']}</p>
            <div className="flex items-end gap-2">
              <div className="min-w-0 flex-1">
                <label htmlFor={`${id}-scene`} className="block text-xs text-slate-600">
                  {labels['sim.scene']}
                </label>
                <input
                  id={`${id}-scene`}
                  value={scene}
                  maxLength={64}
                  onChange={(e) => setScene(e.target.value.replace(/\s/g, ''))}
                  aria-describedby={`${id}-scene-hint`}
                  className="mt-0.5 block min-h-11 w-full rounded-md border border-slate-300 px-2 font-mono text-sm"
                />
              </div>
              <button type="submit" disabled={sending} className="min-h-11 shrink-0 rounded-md bg-brand-600 hover:bg-brand-700 px-3 font-medium text-white disabled:bg-slate-300">
                {labels['sim.followAccount']}
              </button>
            </div>
            {/* On a small screen the hint is read out but not shown: the chat needs the room. */}
            <p id={`${id}-scene-hint`} className="sr-only text-xs text-slate-500 sm:not-sr-only">
              {labels['sim.sceneHint']}
            </p>
          </form>
        ) : null}

        <ChatLog
          entries={timeline.entries}
          pending={pending}
          status={timeline.status}
          accountName={account.name}
          menu={account.menu}
          labels={labels}
          locale={locale}
          onRetry={() => void timeline.refresh()}
        />

        <p aria-live="polite" className={error ? 'bg-red-50 px-3 py-1 text-sm text-red-800' : 'sr-only'}>
          {error}
        </p>
        <Composer pending={sending} labels={labels} onSend={perform} />
        <MenuBar
          menu={account.menu}
          disabled={sending}
          labels={labels}
          onPress={(button) => {
            if (button.type === 'click') void perform({ kind: 'click', key: button.key });
            else if (button.type === 'view') void perform({ kind: 'view', url: button.url });
          }}
        />
      </section>
      <p className="text-center text-xs text-slate-600">{fill(labels['sim.follow.as'], { name: `${citizenOptions.find((c) => c.openid === openid)?.name ?? ''} · ${openid}` })}</p>
    </div>
  );
}
