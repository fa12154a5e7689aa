import Link from 'next/link';
import { notFound } from 'next/navigation';
import { CheckList } from '@/components/broadcasts/check-list';
import { ComposeForm } from '@/components/broadcasts/compose-form';
import { DecisionForm } from '@/components/broadcasts/decision-form';
import { PhonePreview } from '@/components/broadcasts/phone-preview';
import { broadcastCopy } from '@/components/broadcasts/server-copy';
import { BroadcastStatusBadge } from '@/components/broadcasts/status-badge';
import { ActionForm } from '@/components/inbox/action-form';
import { Written } from '@/components/ui/written';
import { getDb } from '@/db';
import { can } from '@/lib/auth/permissions';
import { requireAccount } from '@/lib/auth/session';
import { broadcastOfAccount, EDITABLE, linkableEvents, userNames } from '@/lib/broadcasts/compose';
import { EMPTY_ARTICLE, readContent, type BroadcastContent } from '@/lib/broadcasts/content';
import { checkContent } from '@/lib/broadcasts/content-check';
import { broadcastTimeline, reviewBlock, roundReviews, type TimelineStep } from '@/lib/broadcasts/review';
import { checkOptionsFor } from '@/lib/broadcasts/wording';
import { env } from '@/lib/env';
import { formatDateTime } from '@/lib/format';
import type { Translate } from '@/lib/i18n/messages';
import { getTranslator } from '@/lib/i18n/server';
import { approveBroadcast, returnBroadcast, submitBroadcast, updateBroadcast } from './actions';
import { SendPanel } from './send-panel';
import { isDeliveryKey } from '@/lib/i18n/dict/broadcast-delivery';

type Props = { params: Promise<{ slug: string; id: string }> };

export async function generateMetadata({ params }: Props) {
  const { t } = await getTranslator();
  return { title: `${t('bc.list.heading')} #${(await params).id}` };
}

export default async function BroadcastPage({ params }: Props) {
  const { slug, id } = await params;
  const { account, role, staff } = await requireAccount(slug, 'broadcasts.view');
  const db = await getDb();
  // The broadcast of this account only: another account's id is a 404 here like an unknown one.
  const b = await broadcastOfAccount(db, account.id, id);
  if (!b) notFound();
  const { t, locale } = await getTranslator();
  const copy = broadcastCopy(locale);
  const value = readContent(b.msgType, b.content);
  const [options, timeline, reviews, names] = await Promise.all([checkOptionsFor(db, account), broadcastTimeline(db, b), roundReviews(db, b), userNames(db, [b.authorId])]);
  const problems = value ? checkContent(value, options) : [];
  const canEdit = can(role, 'broadcasts.compose') && EDITABLE.includes(b.status);
  const canReview = can(role, 'broadcasts.review') && b.status === 'in_review';
  const block = canReview ? await reviewBlock(db, staff.id, b) : null;
  const events = canEdit ? await linkableEvents(db, account.id) : [];
  const levels = account.reviewLevels;
  const levelName = (n: number) => levels[n - 1] ?? String(n);
  const typeLabel = value ? t(`bc.type.${value.msgType}`) : b.msgType;
  const base = `/admin/accounts/${account.slug}/broadcasts`;
  return (
    <div className="space-y-6">
      <Link href={base} className="inline-flex min-h-11 items-center text-sm underline">
        ← {t('bc.detail.back')}
      </Link>
      <header className="space-y-1">
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="min-w-0 break-words text-2xl font-bold">
            <Written locale={locale}>{b.title}</Written>
          </h1>
          <BroadcastStatusBadge t={t} status={b.status} />
        </div>
        <p className="text-sm text-slate-700">
          {t('bc.detail.meta', { type: typeLabel, round: b.reviewRound })}
          {b.authorId && names.get(b.authorId) ? ` · ${t('bc.detail.author', { name: names.get(b.authorId)! })}` : ''}
        </p>
      </header>

      <section aria-labelledby="bc-levels" className="space-y-2">
        <h2 id="bc-levels" className="text-lg font-semibold">
          {t('bc.detail.levelsHeading')}
        </h2>
        <ol className="space-y-1" data-testid="review-levels">
          {levels.map((name, i) => {
            const n = i + 1;
            const decided = reviews.find((r) => r.level === n);
            const current = b.status === 'in_review' && b.reviewLevel === n;
            const passed = decided?.decision === 'approved' || (b.status !== 'in_review' && ['approved', 'scheduled', 'sending', 'sent'].includes(b.status) && !decided);
            return (
              <li key={n} className="flex flex-wrap items-center gap-2 text-sm">
                <span className="font-medium">{t('bc.level', { n, name })}</span>
                <span className={current ? 'font-medium text-amber-900' : passed ? 'text-brand-800' : 'text-slate-700'}>
                  {decided ? t(decided.decision === 'approved' ? 'bc.detail.level.approved' : 'bc.detail.level.returned', { name: decided.reviewerName ?? '—' }) : current ? t('bc.detail.level.current') : passed ? '✓' : t('bc.detail.level.waiting')}
                </span>
              </li>
            );
          })}
        </ol>
        {b.status === 'approved' ? <p className="text-brand-800">{t('bc.detail.approvedNote')}</p> : null}
        {b.status === 'returned' ? <p className="text-red-800">{t('bc.detail.returnedNote')}</p> : null}
      </section>

      <section aria-labelledby="bc-check" className="space-y-2">
        <h2 id="bc-check" className="text-lg font-semibold">
          {t('bc.check.heading')}
        </h2>
        <p className="text-sm text-slate-700">{t('bc.check.intro')}</p>
        <CheckList problems={problems} copy={copy} />
      </section>

      {canReview ? (
        <section className="space-y-2 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200" aria-labelledby="bc-review">
          <h2 id="bc-review" className="text-lg font-semibold">
            {t('bc.detail.reviewHeading', { name: levelName(b.reviewLevel) })}
          </h2>
          {block ? (
            <p className="text-slate-800" data-testid="review-blocked">
              {t('bc.detail.cannotReview', { reason: t(`bc.result.${block}`) })}
            </p>
          ) : (
            <>
              <p className="text-sm text-slate-700">{t('bc.detail.reviewHint')}</p>
              <DecisionForm approve={approveBroadcast} reject={returnBroadcast} hidden={{ broadcastId: String(b.id), round: String(b.reviewRound), level: String(b.reviewLevel) }} copy={copy} />
            </>
          )}
        </section>
      ) : null}

      {canEdit && (b.status === 'draft' || b.status === 'returned') ? (
        <section className="space-y-2 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200" aria-labelledby="bc-submit">
          <h2 id="bc-submit" className="text-lg font-semibold">
            {t('bc.detail.submitHeading')}
          </h2>
          <p className="text-sm text-slate-700">{t('bc.detail.submitHint', { name: levelName(1) })}</p>
          <ActionForm action={submitBroadcast} submitLabel={t('bc.detail.submit')} pendingLabel={t('bc.detail.submitting')} variant="primary" messages={resultMessages(t)}>
            <input type="hidden" name="broadcastId" value={b.id} />
          </ActionForm>
        </section>
      ) : null}

      {/* Audience, quota, send a preview, send now or schedule, delivery counts, publish without pushing. */}
      <SendPanel slug={account.slug} broadcastId={b.id} />

      {canEdit ? (
        <section aria-labelledby="bc-edit" className="space-y-2">
          <h2 id="bc-edit" className="text-lg font-semibold">
            {t('bc.detail.editHeading')}
          </h2>
          {b.status === 'in_review' || b.status === 'approved' ? <p className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">{t('bc.detail.reopenWarning')}</p> : null}
          <ComposeForm
            action={updateBroadcast}
            hidden={{ broadcastId: String(b.id) }}
            initial={initialValues(b.title, value)}
            copy={copy}
            accountName={account.name}
            events={events.map((e) => ({ href: `${env().baseUrl}/events/${e.id}`, title: e.title }))}
            submitLabel={t('bc.action.save')}
          />
        </section>
      ) : (
        <section aria-labelledby="bc-preview" className="space-y-2">
          <h2 id="bc-preview" className="text-lg font-semibold">
            {t('bc.preview.heading')}
          </h2>
          {!EDITABLE.includes(b.status) ? <p className="text-sm text-slate-700">{t('bc.detail.locked')}</p> : null}
          <PhonePreview value={value} accountName={account.name} copy={copy} />
        </section>
      )}

      <section aria-labelledby="bc-timeline" className="space-y-2">
        <h2 id="bc-timeline" className="text-lg font-semibold">
          {t('bc.detail.timelineHeading')}
        </h2>
        {timeline.length === 0 ? (
          <p className="text-slate-700">{t('bc.detail.noTimeline')}</p>
        ) : (
          <ol className="space-y-2 border-l-2 border-slate-200 pl-4" data-testid="timeline">
            {timeline.map((step) => (
              <li key={step.id} className="text-sm">
                <p>
                  <span className="font-medium">{step.actorName ?? '—'}</span> {stepText(step, t)}
                </p>
                <time dateTime={step.at.toISOString()} className="text-slate-700">
                  {formatDateTime(step.at, locale)}
                </time>
                {step.comment ? <p className="mt-1 whitespace-pre-wrap break-words rounded bg-slate-100 p-2 text-slate-900">{step.comment}</p> : null}
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

function stepText(step: TimelineStep, t: Translate): string {
  const level = step.levelName ?? (step.level ? String(step.level) : '');
  switch (step.action) {
    case 'broadcast.create':
      return t('bc.timeline.broadcast.create');
    case 'broadcast.update':
      return step.reopened ? t('bc.timeline.reopened') : t('bc.timeline.broadcast.update');
    case 'broadcast.submit':
      return t('bc.timeline.broadcast.submit');
    case 'broadcast.approve':
      return t('bc.timeline.broadcast.approve', { level }) + (step.final ? ` ${t('bc.timeline.final')}` : '');
    case 'broadcast.return':
      return t('bc.timeline.broadcast.return', { level });
    default: {
      // The sender's steps (lib/broadcasts/schedule.ts, send.ts, publish.ts).
      const key = `bcd.timeline.${step.action}`;
      return isDeliveryKey(key) ? t(key) : t('bc.timeline.other', { action: step.action });
    }
  }
}

function resultMessages(t: Translate): Record<string, string> {
  const codes = ['submitted', 'stale', 'not_submittable', 'invalid_content', 'invalid', 'error'] as const;
  return { saved: t('bc.result.saved'), ...Object.fromEntries(codes.map((c) => [c, t(`bc.result.${c}`)])) };
}

function initialValues(title: string, value: BroadcastContent | null) {
  return {
    title,
    msgType: value?.msgType ?? 'news',
    text: value?.msgType === 'text' ? value.content.text : '',
    imageUrl: value?.msgType === 'image' ? value.content.imageUrl : '',
    alt: value?.msgType === 'image' ? value.content.alt : '',
    articles: value?.msgType === 'news' ? value.content.articles : [{ ...EMPTY_ARTICLE }],
  };
}
