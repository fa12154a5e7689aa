'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { fetchTimeline, sendAction } from '../phone-api';
import { citizenName, DEFAULT_OPENID, fill, OPENID_STORAGE_KEY, phoneUrl, type SimLabels } from '../phone-data';

interface Props {
  account: { slug: string; name: string; verified: boolean; description: string; type: 'subscription' | 'service' };
  scene: string | null;
  openidFromLink: string | null;
  labels: SimLabels;
}

function rememberedOpenid(): string | null {
  try {
    return window.localStorage.getItem(OPENID_STORAGE_KEY);
  } catch {
    return null;
  }
}

/**
 * The follow button of a scanned QR code. A citizen who does not follow yet sends `subscribe` with
 * the code's scene; one who already follows sends `SCAN`, as WeChat does; both then open the chat.
 */
export function FollowCard({ account, scene, openidFromLink, labels }: Props) {
  const router = useRouter();
  // The phone's owner: from the link, else the citizen last used on the phone page.
  const [openid, setOpenid] = useState<string | null>(openidFromLink);
  const [subscribed, setSubscribed] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const who = openidFromLink ?? rememberedOpenid() ?? DEFAULT_OPENID;
    let live = true;
    fetchTimeline(account.slug, who, Number.MAX_SAFE_INTEGER) // only the follow state, no messages
      .then((answer) => live && setSubscribed(answer.window.subscribed))
      .catch(() => live && setSubscribed(false))
      .finally(() => live && setOpenid(who));
    return () => {
      live = false;
    };
  }, [account.slug, openidFromLink]);

  async function follow() {
    if (!openid) return;
    setBusy(true);
    setError(null);
    try {
      if (subscribed && scene) await sendAction(account.slug, openid, { kind: 'scan', scene });
      else if (!subscribed) await sendAction(account.slug, openid, scene ? { kind: 'subscribe', scene } : { kind: 'subscribe' });
      router.push(phoneUrl(account.slug, openid));
    } catch {
      setError(labels['sim.follow.error']);
      setBusy(false);
    }
  }

  const ready = openid !== null && subscribed !== null;
  return (
    <Card className="space-y-3 text-center">
      <div aria-hidden="true" className="mx-auto flex size-16 items-center justify-center rounded-xl bg-brand-600 text-3xl font-bold text-white">
        {Array.from(account.name)[0]}
      </div>
      <div>
        <h2 className="text-lg font-semibold">{account.name}</h2>
        <p className="mt-1">
          {account.verified ? (
            <span className="rounded-full bg-brand-50 px-2 py-0.5 text-sm font-medium text-brand-800 ring-1 ring-brand-100">✓ {labels['sim.verified']}</span>
          ) : (
            <span className="rounded-full bg-amber-50 px-2 py-0.5 text-sm font-medium text-amber-900 ring-1 ring-amber-200">{labels['sim.unverified']}</span>
          )}
        </p>
      </div>
      {account.description ? <p className="text-sm text-slate-700">{account.description}</p> : null}
      <div className="space-y-0.5 text-sm text-slate-600">
        {scene ? <p>{fill(labels['sim.follow.scene'], { scene })}</p> : null}
        {openid ? <p className="break-all">{fill(labels['sim.follow.as'], { name: `${citizenName(openid, labels)} · ${openid}` })}</p> : null}
      </div>
      {subscribed ? <p className="text-sm text-slate-700">{labels['sim.follow.already']}</p> : null}
      <Button type="button" onClick={follow} disabled={!ready || busy} className="w-full">
        {busy ? labels['sim.follow.following'] : subscribed ? labels['sim.follow.open'] : labels['sim.followAccount']}
      </Button>
      <p aria-live="polite" className="min-h-5 text-sm text-red-700">
        {error}
      </p>
    </Card>
  );
}
