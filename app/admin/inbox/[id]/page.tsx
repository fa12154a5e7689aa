import type { Metadata } from 'next';
import Link from 'next/link';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { getDb } from '@/db';
import { addFollowerTag, addNote, mergeWaiting, referConversationAction, removeFollowerTag, resendReply, saveConversationPanel, sendReply } from '../actions';
import { applyMacro, revealPii } from './actions';
import { ActionForm } from '@/components/inbox/action-form';
import { MacroBar } from '@/components/inbox/macro-bar';
import { PiiReveal } from '@/components/inbox/pii-reveal';
import { PresenceBanner } from '@/components/inbox/presence-banner';
import { Composer } from '@/components/inbox/composer';
import { ScrollToNewest } from '@/components/inbox/scroll-to-newest';
import { SidePanelForm } from '@/components/inbox/side-panel-form';
import { TimelineEntryItem } from '@/components/inbox/timeline-entry';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { clientIpFrom } from '@/lib/auth/client-ip';
import { requireStaff } from '@/lib/auth/session';
import { formatDateTime } from '@/lib/format';
import { conversationForStaff, toId } from '@/lib/inbox/access';
import { markRead, REMARK_MAX } from '@/lib/inbox/commands';
import { conversationDetail } from '@/lib/inbox/detail';
import { citizenName, owedBy } from '@/lib/inbox/display';
import { COMMAND_EVENT } from '@/lib/inbox/store-inquiry';
import { directoryTargets } from '@/lib/inbox/targets';
import { suggestReplies } from '@/lib/inbox/suggestions';
import { getTranslator } from '@/lib/i18n/server';
import { can } from '@/lib/auth/permissions';
import { maskPii } from '@/lib/privacy/pii';
import { messageHasPii, seesPii, shieldMessage } from '@/lib/privacy/shield';
import { listMacros } from '@/lib/service/macros';
import type { Translate } from '@/lib/i18n/messages';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('inbox.detailTitle') };
}

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ before?: string }> };

function duration(from: Date, to: Date | null, t: Translate): string {
  if (!to) return t('inbox.notYet');
  const minutes = Math.max(0, Math.round((to.getTime() - from.getTime()) / 60_000));
  return minutes < 120 ? t('inbox.minutes', { n: minutes }) : t('inbox.hours', { n: Math.round(minutes / 60) });
}

export default async function ConversationPage({ params, searchParams }: Props) {
  const { id } = await params;
  const { before } = await searchParams;
  const staff = await requireStaff();
  const db = await getDb();
  const access = await conversationForStaff({ db, staff, conversationId: id, action: 'inbox.read', ip: clientIpFrom(await headers()) });
  if (!access) notFound();
  const { conversation: c, account } = access;
  const { t, locale } = await getTranslator();
  await markRead(db, c.id);
  const detail = await conversationDetail({ db, conversation: c, beforeId: toId(before) });
  // What the citizen last asked (not a keyword command): for suggestions and the referral form.
  const lastQuestion = [...detail.messages].reverse().find(({ message: m }) => m.direction === 'inbound' && m.event !== COMMAND_EVENT && m.content)?.message.content ?? '';
  const [suggestions, targets, macros] = await Promise.all([
    suggestReplies({ db, accountId: account.id, conversationId: c.id, text: lastQuestion }),
    directoryTargets(db, account.id),
    listMacros(db, account.id),
  ]);
  // Citizens' ID, mobile and bank card numbers: masked unless the role needs them (docs/citizen-service.md).
  const unmasked = seesPii(access.role);
  const mayReveal = !unmasked && can(access.role, 'inbox.pii.reveal');
  const shown = (text: string) => (unmasked ? text : maskPii(text));
  const timeline = unmasked ? detail.timeline : detail.timeline.map((e) => (e.kind === 'citizen' ? { ...e, message: shieldMessage(e.message) } : e));
  const hidden = new Set(unmasked ? [] : detail.timeline.filter((e) => e.kind === 'citizen' && messageHasPii(e.message)).map((e) => e.key));
  const w = detail.window;
  const waiting = detail.messages.filter((m) => m.message.deliveryState === 'waiting_for_citizen').length;
  const windowLine = !w.lastInboundAt
    ? t('inbox.window.never')
    : !w.open
      ? t('inbox.window.closed')
      : w.remaining === 0
        ? t('inbox.window.used')
        : t('inbox.window.open', { n: w.remaining, time: formatDateTime(w.closesAt!, locale) });
  const windowTone = w.open && w.remaining > 1 ? 'ok' : w.open && w.remaining === 1 ? 'warn' : 'closed';
  const name = citizenName(detail.follower, t);
  const due = owedBy(c);
  const overdue = due !== null && due < new Date();
  const saved = { saved: t('inbox.saved'), invalid: t('inbox.composer.error'), error: t('inbox.composer.error') };

  return (
    <div className="space-y-4">
      <div className="sticky top-0 z-10 -mx-4 flex items-center gap-2 border-b border-slate-200 bg-slate-50/95 px-4 py-2 backdrop-blur">
        <Link href="/admin/inbox" className="inline-flex min-h-11 min-w-11 items-center justify-center rounded-lg text-xl hover:bg-slate-200" aria-label={t('inbox.back')}>
          ←
        </Link>
        <div className="min-w-0 flex-1">
          <h1 className="truncate text-lg font-bold">{name}</h1>
          <p className="truncate text-sm text-slate-600">{account.name}</p>
        </div>
        <Badge tone={c.status === 'open' ? 'amber' : 'slate'}>{t(`inbox.status.${c.status}`)}</Badge>
        {overdue ? <Badge tone="red">{t('inbox.overdue')}</Badge> : null}
        <a href="#handle" className="inline-flex min-h-11 items-center rounded-lg px-2 text-brand-700 underline lg:hidden">
          {t('inbox.actions')}
        </a>
      </div>

      <div className="grid gap-4 lg:grid-cols-[1fr_20rem]">
        <section aria-labelledby="history-heading" className="min-w-0 space-y-3">
          <h2 id="history-heading" className="sr-only">
            {t('inbox.history')}
          </h2>
          {detail.hasOlder && detail.oldestId ? (
            <Link href={`/admin/inbox/${c.id}?before=${detail.oldestId}`} className="flex min-h-11 items-center justify-center rounded-lg bg-white ring-1 ring-slate-300">
              {t('inbox.olderMessages')}
            </Link>
          ) : null}
          <PresenceBanner
            conversationId={c.id}
            labels={{ region: t('queue.presence.region'), viewing: t('queue.presence.viewing'), typing: t('queue.presence.typing'), hint: t('queue.presence.hint') }}
          />
          {detail.timeline.length === 0 ? <p className="text-slate-600">{t('inbox.noMessages')}</p> : null}
          <ol id="timeline" aria-labelledby="history-heading" className="space-y-3" aria-live="polite" aria-relevant="additions">
            {timeline.map((entry) => (
              <TimelineEntryItem key={entry.key} entry={entry} citizen={name} t={t} locale={locale}>
                {entry.kind === 'citizen' && hidden.has(entry.key) ? (
                  mayReveal ? (
                    <PiiReveal
                      action={revealPii}
                      conversationId={c.id}
                      messageId={entry.message.id}
                      labels={{
                        masked: t('queue.pii.masked'),
                        reveal: t('queue.pii.reveal'),
                        reason: t('queue.pii.reason'),
                        reasonHint: t('queue.pii.reasonHint'),
                        submit: t('queue.pii.submit'),
                        submitting: t('queue.pii.submitting'),
                        revealed: t('queue.pii.revealed'),
                        reasonError: t('queue.pii.error.reason'),
                        error: t('queue.pii.error'),
                      }}
                    />
                  ) : (
                    <p className="mt-1 text-xs text-slate-600">🔒 {t('queue.pii.masked')}</p>
                  )
                ) : null}
                {entry.kind === 'staff' && (entry.message.deliveryState === 'failed' || entry.message.deliveryState === 'unknown') ? (
                  <ActionForm action={resendReply} submitLabel={t('inbox.resend')} pendingLabel={t('inbox.resending')} messages={saved} className="mt-2">
                    <input type="hidden" name="conversationId" value={c.id} />
                    <input type="hidden" name="messageId" value={entry.message.id} />
                  </ActionForm>
                ) : null}
              </TimelineEntryItem>
            ))}
          </ol>
          <ScrollToNewest listId="timeline" composerId="composer" newestKey={timeline.at(-1)?.key ?? ''} />
          {waiting > 1 ? (
            <Card className="space-y-2 bg-amber-50 text-sm ring-amber-200">
              <p>{t('inbox.waiting.count', { n: waiting })}</p>
              <ActionForm action={mergeWaiting} submitLabel={t('inbox.waiting.merge')} pendingLabel={t('inbox.saving')} messages={{ ...saved, saved: t('inbox.waiting.merged') }}>
                <input type="hidden" name="conversationId" value={c.id} />
              </ActionForm>
            </Card>
          ) : null}
          <Composer
            action={sendReply}
            conversationId={c.id}
            canned={detail.canned.map(({ id: cannedId, title, body }) => ({ id: cannedId, title, body }))}
            suggestions={suggestions}
            windowTone={windowTone}
            lastOne={w.open && w.remaining === 1}
            labels={{
              label: t('inbox.composer.label'),
              placeholder: t('inbox.composer.placeholder'),
              send: t('inbox.composer.send'),
              sending: t('inbox.composer.sending'),
              queued: t('inbox.composer.queued'),
              waiting: t('inbox.composer.waiting'),
              error: t('inbox.composer.error'),
              tooLong: t('inbox.composer.tooLong'),
              canned: t('inbox.composer.canned'),
              cannedSearch: t('inbox.composer.cannedSearch'),
              cannedEmpty: t('inbox.composer.cannedEmpty'),
              suggestions: t('inbox.composer.suggestions'),
              useSuggestion: t('inbox.composer.useSuggestion'),
              windowLine,
              lastWarning: t('inbox.window.last'),
            }}
          />
        </section>

        <aside id="handle" aria-label={t('inbox.actions')} className="space-y-4">
          <MacroBar
            action={applyMacro}
            conversationId={c.id}
            macros={macros.map((m) => ({ id: m.id, name: m.name }))}
            manageHref={can(access.role, 'macros.edit') ? `/admin/accounts/${account.slug}/macros` : null}
            labels={{
              heading: t('queue.macros.heading'),
              none: t('queue.macros.none'),
              manage: t('queue.macros.manage'),
              apply: t('queue.macros.apply'),
              applying: t('queue.macros.applying'),
              applied: t('queue.macros.applied'),
              refused: t('queue.macros.refused'),
            }}
          />
          <Card className="space-y-3">
            <SidePanelForm
              action={saveConversationPanel}
              conversationId={c.id}
              values={{ remark: detail.follower.remark ?? '', status: c.status, assigneeId: c.assigneeId ?? '' }}
              statuses={(['open', 'pending', 'resolved'] as const).map((s) => ({ value: s, label: t(`inbox.status.${s}`) }))}
              team={detail.team}
              remarkMax={REMARK_MAX}
              labels={{
                remark: t('inbox.remark.label'),
                remarkHint: t('inbox.remark.hint'),
                remarkTooLong: t('inbox.remark.tooLong'),
                status: t('inbox.status.label'),
                assignee: t('inbox.assign.label'),
                unassigned: t('inbox.assign.none'),
                anotherOpen: t('inbox.status.anotherOpen'),
                assigneeInvalid: t('inbox.assign.invalid'),
                save: t('inbox.panel.save'),
                saving: t('inbox.saving'),
                saved: t('inbox.saved'),
                error: t('inbox.panel.error'),
              }}
            />
            <dl className="grid grid-cols-2 gap-2 border-t border-slate-200 pt-3 text-sm">
              <div className="col-span-2">
                <dt className="text-slate-600">{t('inbox.citizen.openid')}</dt>
                <dd className="font-mono break-all">{detail.follower.openid}</dd>
              </div>
              <div>
                <dt className="text-slate-600">{t('inbox.source')}</dt>
                <dd className="break-all">{detail.follower.source ?? t('inbox.sourceNone')}</dd>
              </div>
              <div>
                <dt className="text-slate-600">{t('inbox.followState')}</dt>
                <dd>{detail.follower.subscribed ? t('inbox.subscribed') : t('inbox.unsubscribed')}</dd>
              </div>
              <div>
                <dt className="text-slate-600">{t('inbox.firstResponse')}</dt>
                <dd>{duration(c.openedAt, c.firstResponseAt, t)}</dd>
              </div>
              <div>
                <dt className="text-slate-600">{t('inbox.resolution')}</dt>
                <dd>{duration(c.openedAt, c.resolvedAt, t)}</dd>
              </div>
              {due ? (
                <div className="col-span-2">
                  <dd className={overdue ? 'font-semibold text-red-700' : 'text-slate-700'}>{t('inbox.dueAt', { time: formatDateTime(due, locale) })}</dd>
                </div>
              ) : null}
              {/* Citizen service (docs/citizen-service.md): the case number, its resolution time and the rating. */}
              {c.caseNumber ? (
                <div>
                  <dt className="text-slate-600">{t('service.caseNumber')}</dt>
                  <dd className="font-mono" data-testid="case-number">
                    {c.caseNumber}
                  </dd>
                </div>
              ) : null}
              {c.resolutionDueAt ? (
                <div>
                  <dt className="text-slate-600">{t('service.resolutionDue')}</dt>
                  <dd>{formatDateTime(c.resolutionDueAt, locale)}</dd>
                </div>
              ) : null}
              {c.rating !== null || c.ratingRequestedAt ? (
                <div className="col-span-2">
                  <dt className="text-slate-600">{t('service.rating.label')}</dt>
                  <dd data-testid="rating" className={c.rating !== null && c.rating < 3 ? 'font-semibold text-red-700' : undefined}>
                    {c.rating !== null ? t('service.rating.value', { rating: c.rating }) : t('service.rating.requested')}
                  </dd>
                </div>
              ) : null}
            </dl>
          </Card>

          <Card className="space-y-2">
            <h2 className="font-semibold">{t('inbox.tags')}</h2>
            {detail.followerTags.length === 0 ? <p className="text-sm text-slate-600">{t('inbox.tags.none')}</p> : null}
            <ul className="flex flex-wrap gap-2">
              {detail.followerTags.map((tag) => (
                <li key={tag.id}>
                  <ActionForm action={removeFollowerTag} submitLabel={`${tag.name} ✕`} pendingLabel={t('inbox.saving')} messages={saved} variant="ghost" className="[&>p]:hidden">
                    <input type="hidden" name="conversationId" value={c.id} />
                    <input type="hidden" name="tagId" value={tag.id} />
                    <span className="sr-only">{t('inbox.tags.remove', { name: tag.name })}</span>
                  </ActionForm>
                </li>
              ))}
            </ul>
            <ActionForm action={addFollowerTag} submitLabel={t('inbox.tags.add')} pendingLabel={t('inbox.saving')} messages={saved} inline>
              <input type="hidden" name="conversationId" value={c.id} />
              <label className="sr-only" htmlFor="tag-name">
                {t('inbox.tags.add')}
              </label>
              <Input id="tag-name" name="tagName" list="account-tags" maxLength={30} required placeholder={t('inbox.tags.placeholder')} className="flex-1" />
              <datalist id="account-tags">
                {detail.accountTags.map((tag) => (
                  <option key={tag.id} value={tag.name} />
                ))}
              </datalist>
            </ActionForm>
          </Card>

          <Card className="space-y-2">
            <h2 className="font-semibold">{t('inbox.notes')}</h2>
            <p className="text-sm text-slate-600">{t('inbox.notes.inTimeline')}</p>
            <ActionForm action={addNote} submitLabel={t('inbox.notes.add')} pendingLabel={t('inbox.saving')} messages={saved}>
              <input type="hidden" name="conversationId" value={c.id} />
              <label className="sr-only" htmlFor="note-body">
                {t('inbox.notes.add')}
              </label>
              <textarea id="note-body" name="body" rows={2} maxLength={2000} required placeholder={t('inbox.notes.placeholder')} className="block w-full rounded-lg border border-slate-300 px-3 py-2 text-base" />
            </ActionForm>
          </Card>

          {detail.referrals.length > 0 ? (
            <Card className="space-y-2">
              <h2 className="font-semibold">{t('inbox.trail')}</h2>
              <ul className="space-y-2 text-sm">
                {detail.referrals.map((r) => (
                  <li key={`${r.direction}-${r.id}`} className="rounded-lg bg-slate-50 p-2">
                    <p className="font-medium">{r.direction === 'out' ? t('inbox.trail.out', { name: r.otherAccountName }) : t('inbox.trail.in', { name: r.otherAccountName })}</p>
                    <p className="whitespace-pre-wrap break-words">{r.question}</p>
                    {r.note ? <p className="text-slate-600">{t('inbox.trail.note', { note: r.note })}</p> : null}
                    <p className="text-xs text-slate-600">
                      {r.status === 'accepted' ? t('inbox.trail.accepted') : t('inbox.trail.offered')} · {formatDateTime(r.acceptedAt ?? r.createdAt, locale)}
                    </p>
                  </li>
                ))}
              </ul>
            </Card>
          ) : null}

          <Card className="space-y-2">
            <details>
              <summary className="min-h-11 cursor-pointer content-center font-semibold">{t('inbox.refer')}</summary>
              <ActionForm
                action={referConversationAction}
                submitLabel={t('inbox.refer.submit')}
                pendingLabel={t('inbox.saving')}
                messages={{
                  ...saved,
                  referred: t('inbox.refer.sent'),
                  'field.toAccount': t('inbox.refer.unknown_account'),
                  ...Object.fromEntries(['48001', '45009', '-1', 'network', '40013'].map((code) => [`wechat_${code}`, t('inbox.refer.qrFailed', { reason: code })])),
                }}
                className="mt-2"
              >
                <input type="hidden" name="conversationId" value={c.id} />
                <label className="flex flex-col text-sm">
                  {t('inbox.refer.account')}
                  <select name="toAccount" required className="mt-1 min-h-11 rounded-lg border border-slate-300 bg-white px-2 text-base">
                    {targets.map((a) => (
                      <option key={a.slug} value={a.slug}>
                        {a.name}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="flex flex-col text-sm">
                  {t('inbox.refer.question')}
                  <textarea name="question" rows={2} maxLength={500} required defaultValue={shown(lastQuestion).slice(0, 500)} className="mt-1 rounded-lg border border-slate-300 px-3 py-2 text-base" />
                </label>
                <label className="flex flex-col text-sm">
                  {t('inbox.refer.note')}
                  <Input name="note" maxLength={500} className="mt-1" />
                </label>
              </ActionForm>
            </details>
          </Card>

          <Card className="space-y-2">
            <h2 className="font-semibold">{t('inbox.previous')}</h2>
            {detail.previous.length === 0 ? <p className="text-sm text-slate-600">{t('inbox.previous.none')}</p> : null}
            <ul className="space-y-1 text-sm">
              {detail.previous.map((p) => (
                <li key={p.id}>
                  <Link href={`/admin/inbox/${p.id}`} className="block min-h-11 rounded-lg p-2 hover:bg-slate-50">
                    <span className="block text-slate-600">
                      {formatDateTime(p.openedAt, locale)} · {t(`inbox.status.${p.status}`)}
                    </span>
                    <span className="block truncate">{maskPii(p.preview)}</span>
                  </Link>
                </li>
              ))}
            </ul>
          </Card>
        </aside>
      </div>
    </div>
  );
}
