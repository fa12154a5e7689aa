import Link from 'next/link';
import { deliveryCopy } from '@/components/broadcasts/delivery-copy';
import { ButtonForm, PreviewForm, Section, SendForm } from '@/components/broadcasts/delivery-forms';
import { Badge } from '@/components/ui/badge';
import { getDb } from '@/db';
import { accountTags, audienceSize } from '@/lib/broadcasts/audience';
import { slotsLeft } from '@/lib/broadcasts/quota';
import { broadcastOfAccount } from '@/lib/broadcasts/compose';
import type { Broadcast } from '@/lib/broadcasts/schedule';
import { can } from '@/lib/auth/permissions';
import { requireAccount } from '@/lib/auth/session';
import { formatDateTime } from '@/lib/format';
import { getTranslator } from '@/lib/i18n/server';
import type { MessageKey } from '@/lib/i18n/messages';
import { cancelBroadcast, previewBroadcast, publishBroadcast, sendBroadcast } from './send-actions';

const SENDABLE = new Set(['approved', 'cancelled']);
const PUBLISHABLE = new Set(['approved', 'scheduled', 'sending', 'sent', 'cancelled']);

/**
 * The send panel of one broadcast (docs/broadcasts.md "Sending", "Publishing"): status and
 * delivery counts for everyone who may see the account; target, audience size, send now or
 * schedule, cancel, preview and publish for those the permission table lets (the commands check
 * again). Placed on the broadcast's page; renders nothing for another account's broadcast.
 */
export async function SendPanel({ slug, broadcastId }: { slug: string; broadcastId: number }) {
  const { account, role } = await requireAccount(slug, 'account.view');
  const { t, locale } = await getTranslator();
  const db = await getDb();
  const broadcast = await broadcastOfAccount(db, account.id, String(broadcastId));
  if (!broadcast) return null;
  const copy = deliveryCopy(t, { sent: 'send.ok', cancelled: 'cancel.ok', previewed: 'preview.ok', published: 'publish.ok' });
  const hidden = { slug: account.slug, broadcastId: String(broadcast.id) };
  const mayPreview = can(role, 'broadcasts.preview');
  const maySend = can(role, 'broadcasts.send') && SENDABLE.has(broadcast.status);
  const mayCancel = can(role, 'broadcasts.send') && broadcast.status === 'scheduled';
  const mayPublish = can(role, 'broadcasts.publish') && broadcast.msgType === 'news' && PUBLISHABLE.has(broadcast.status) && (!broadcast.publishStatus || broadcast.publishStatus === 'unknown' || broadcast.publishStatus.startsWith('failed'));
  const tags = maySend ? await accountTags({ db, accountId: account.id }) : [];
  const tagOptions = await Promise.all(tags.map(async (tag) => ({ id: tag.id, name: tag.name, audience: await audienceSize({ db, account, target: { kind: 'tag', tagId: tag.id } }) })));
  const audienceAll = maySend ? await audienceSize({ db, account, target: { kind: 'all' } }) : 0;
  const quota = maySend ? await slotsLeft({ db, account, at: new Date() }) : null;
  const publishLabel = broadcast.publishStatus?.startsWith('failed')
    ? t('bcd.publish.failed', { code: broadcast.publishStatus.slice(7) })
    : broadcast.publishStatus
      ? t(`bcd.publish.${broadcast.publishStatus}` as MessageKey)
      : null;
  return (
    <div className="space-y-4" data-testid="send-panel">
      <Section title={t('bcd.panel.heading')} id="send-panel-heading">
        {account.trialMode ? (
          <p className="rounded-lg bg-amber-50 p-3 text-amber-900 ring-1 ring-amber-200">
            {t('bcd.trial.banner')}{' '}
            {can(role, 'broadcasts.delivery_settings') ? (
              <Link href={`/admin/accounts/${account.slug}/broadcasts/delivery`} className="inline-flex min-h-11 items-center underline">
                {t('bcd.trial.manage')}
              </Link>
            ) : null}
          </p>
        ) : null}
        <Delivery broadcast={broadcast} t={t} locale={locale} />
        {!SENDABLE.has(broadcast.status) && !PUBLISHABLE.has(broadcast.status) ? <p className="text-slate-700">{t('bcd.notApproved')}</p> : null}
        {maySend ? (
          <>
            {quota ? <p className="text-sm text-slate-700">{t('bcd.quota.left', { period: quota.period, used: quota.used, limit: quota.limit })}</p> : null}
            <SendForm action={sendBroadcast} hidden={hidden} tags={tagOptions} audienceAll={audienceAll} trial={account.trialMode} copy={copy} />
          </>
        ) : null}
        {mayCancel ? <ButtonForm action={cancelBroadcast} hidden={hidden} label={t('bcd.cancel.submit')} pendingLabel={t('bcd.send.pending')} copy={copy} /> : null}
        <nav aria-label={t('bcd.nav.planner')} className="flex flex-wrap gap-x-4">
          <Link href={`/admin/accounts/${account.slug}/broadcasts/planner`} className="inline-flex min-h-11 items-center font-medium text-brand-700 underline underline-offset-4">
            {t('bcd.nav.planner')}
          </Link>
          {can(role, 'broadcasts.delivery_settings') ? (
            <Link href={`/admin/accounts/${account.slug}/broadcasts/delivery`} className="inline-flex min-h-11 items-center font-medium text-brand-700 underline underline-offset-4">
              {t('bcd.nav.delivery')}
            </Link>
          ) : null}
        </nav>
      </Section>
      {mayPreview ? (
        <Section title={t('bcd.preview.heading')} id="preview-heading">
          <PreviewForm action={previewBroadcast} hidden={hidden} copy={copy} />
        </Section>
      ) : null}
      {broadcast.msgType === 'news' ? (
        <Section title={t('bcd.publish.heading')} id="publish-heading">
          <p className="text-sm text-slate-700">{t('bcd.publish.hint')}</p>
          {publishLabel ? (
            <p>
              {t('bcd.publish.status')}: <Badge tone={broadcast.publishStatus === 'published' ? 'green' : 'slate'}>{publishLabel}</Badge>
            </p>
          ) : null}
          {broadcast.publishedUrls?.length ? (
            <ul className="list-disc pl-5">
              {broadcast.publishedUrls.map((url, i) => (
                <li key={url}>
                  <a href={url} className="inline-flex min-h-11 items-center underline" rel="noopener noreferrer">
                    {t('bcd.publish.link', { n: i + 1 })}
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
          {mayPublish ? <ButtonForm action={publishBroadcast} hidden={hidden} label={t('bcd.publish.submit')} pendingLabel={t('bcd.send.pending')} copy={copy} /> : null}
        </Section>
      ) : null}
    </div>
  );
}

function Delivery({ broadcast, t, locale }: { broadcast: Broadcast; t: Awaited<ReturnType<typeof getTranslator>>['t']; locale: Awaited<ReturnType<typeof getTranslator>>['locale'] }) {
  const rows: Array<[string, string]> = [];
  if (broadcast.scheduledAt && broadcast.status !== 'approved') rows.push([t('bcd.scheduledAt'), formatDateTime(broadcast.scheduledAt, locale)]);
  if (broadcast.audienceCount !== null && broadcast.status !== 'approved') rows.push([t('bcd.counts.audience'), String(broadcast.audienceCount)]);
  if (broadcast.wechatMsgId) rows.push([t('bcd.counts.msgId'), broadcast.wechatMsgId]);
  if (broadcast.totalCount !== null) {
    rows.push([t('bcd.counts.total'), String(broadcast.totalCount)]);
    rows.push([t('bcd.counts.filter'), String(broadcast.filterCount ?? 0)]);
    rows.push([t('bcd.counts.sent'), String(broadcast.sentCount ?? 0)]);
    rows.push([t('bcd.counts.error'), String(broadcast.errorCount ?? 0)]);
  }
  if (broadcast.reportStatus) rows.push([t('bcd.counts.report'), broadcast.reportStatus]);
  if (rows.length === 0 && broadcast.status !== 'sending') return null;
  return (
    <div>
      <h3 className="font-semibold">{t('bcd.counts.heading')}</h3>
      {broadcast.status === 'sending' && broadcast.totalCount === null ? <p className="text-sm text-slate-700">{t('bcd.counts.waiting')}</p> : null}
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm" data-testid="delivery-counts">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-slate-600">{label}</dt>
            <dd className="font-medium break-all">{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
