import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { accounts } from '../../db/schema';
import { accountForStaff, type AccountAccess } from '../auth/access';
import { invalidInput, staffCommand, type CommandContext } from '../auth/staff-command';
import { recordAudit } from '../audit/record';
import { enqueueJob } from '../jobs/outbox';
import { accountMenuLinks, readLinkReport } from './link-report';
import { checkMenu, menuLinks, storedMenu } from './model';
import { DEFAULT_PROBE_POLICY, probeLinks, type LinkResult, type ProbePolicy } from './probe-links';
import { MENU_PUBLISH_JOB } from './publish-job';

/**
 * The custom menu editor's commands (docs/admin.md "Menu"). The draft (accounts.menu_draft) is
 * what staff edit; publishing queues `menu/create` in the outbox and only the job, once WeChat
 * accepted it, changes accounts.menu. Links are probed on save and on "check links"; a draft
 * with a broken link is published only when staff say so. `probe` is injectable so tests never
 * reach the internet.
 */
export type MenuCommandContext = CommandContext & { probe?: ProbePolicy };

const Slug = z.string().min(1).max(100);
const SaveInput = z.strictObject({ account: Slug, menu: z.string().max(20_000) });
const CheckInput = z.strictObject({ account: Slug });
const PublishInput = z.strictObject({ account: Slug, ignoreBrokenLinks: z.literal('on').optional() });

async function gate(ctx: MenuCommandContext & { action: 'menu.edit' | 'menu.publish' }): Promise<AccountAccess | null> {
  const slug = (typeof ctx.input === 'object' && ctx.input !== null ? (ctx.input as Record<string, unknown>) : {}).account;
  return accountForStaff({ db: ctx.db, staff: ctx.staff, slug: typeof slug === 'string' ? slug : '', action: ctx.action, ip: ctx.ip });
}

async function audit(ctx: CommandContext, accountId: string, action: string, detail?: Record<string, unknown>) {
  await recordAudit({ db: ctx.db, actorId: ctx.staff.id, accountId, action, entityType: 'account', entityId: accountId, detail, ip: ctx.ip ?? null });
}

/** Merges fresh results into the stored report, keeping only links the menus still have. */
function mergedReport(stored: unknown, fresh: LinkResult[], keep: string[]): LinkResult[] {
  const byUrl = new Map(readLinkReport(stored).map((r) => [r.url, r]));
  for (const r of fresh) byUrl.set(r.url, r);
  return keep.map((url) => byUrl.get(url)).filter((r): r is LinkResult => r !== undefined);
}

export const saveMenuCommand = staffCommand<'menu.edit', { links: LinkResult[] }, MenuCommandContext>('menu.edit', async (ctx) => {
  const access = await gate(ctx);
  if (!access) return { ok: false, notFound: true };
  const parsed = SaveInput.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  let raw: unknown;
  try {
    raw = JSON.parse(parsed.data.menu);
  } catch {
    return { ok: false, fieldErrors: { buttons: ['invalid'] } };
  }
  const checked = checkMenu(raw);
  if (!checked.ok) return { ok: false, fieldErrors: Object.fromEntries(Object.entries(checked.errors).map(([k, v]) => [k, [v]])) };
  const links = await probeLinks(menuLinks(checked.menu), ctx.probe ?? DEFAULT_PROBE_POLICY);
  const keep = accountMenuLinks({ menuDraft: checked.menu, menu: access.account.menu });
  await ctx.db
    .update(accounts)
    .set({ menuDraft: checked.menu, menuLinkReport: mergedReport(access.account.menuLinkReport, links, keep), updatedAt: new Date() })
    .where(eq(accounts.id, access.account.id));
  await audit(ctx, access.account.id, 'menu.save', { buttons: checked.menu.buttons.length, brokenLinks: links.filter((l) => !l.ok).map((l) => l.url) });
  return { ok: true, data: { links } };
});

export const checkMenuLinksCommand = staffCommand<'menu.edit', { links: LinkResult[] }, MenuCommandContext>('menu.edit', async (ctx) => {
  const access = await gate(ctx);
  if (!access) return { ok: false, notFound: true };
  const parsed = CheckInput.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  const urls = accountMenuLinks(access.account);
  const links = await probeLinks(urls, ctx.probe ?? DEFAULT_PROBE_POLICY);
  await ctx.db.update(accounts).set({ menuLinkReport: links }).where(eq(accounts.id, access.account.id));
  await audit(ctx, access.account.id, 'menu.check_links', { links: urls.length, broken: links.filter((l) => !l.ok).map((l) => l.url) });
  return { ok: true, data: { links } };
});

export const publishMenuCommand = staffCommand<'menu.publish', { jobId: number | null }, MenuCommandContext>('menu.publish', async (ctx) => {
  const access = await gate(ctx);
  if (!access) return { ok: false, notFound: true };
  const parsed = PublishInput.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  const draft = storedMenu(access.account.menuDraft);
  const checked = draft ? checkMenu(draft) : null;
  if (!checked?.ok) return { ok: false, error: 'no_draft' };
  const report = readLinkReport(access.account.menuLinkReport);
  const links = menuLinks(checked.menu);
  // A link never probed (saved before a change of the report) is probed now.
  const unprobed = links.filter((url) => !report.some((r) => r.url === url));
  const fresh = unprobed.length ? await probeLinks(unprobed, ctx.probe ?? DEFAULT_PROBE_POLICY) : [];
  const broken = [...report, ...fresh].filter((r) => links.includes(r.url) && !r.ok).map((r) => r.url);
  if (broken.length > 0 && parsed.data.ignoreBrokenLinks !== 'on') return { ok: false, fieldErrors: { ignoreBrokenLinks: ['broken_links'] } };
  const jobId = await ctx.db.transaction(async (tx) => {
    if (fresh.length) await tx.update(accounts).set({ menuLinkReport: mergedReport(report, fresh, accountMenuLinks(access.account)) }).where(eq(accounts.id, access.account.id));
    return enqueueJob({ db: tx, kind: MENU_PUBLISH_JOB, accountId: access.account.id, payload: { menu: checked.menu, requestedBy: ctx.staff.id } });
  });
  await audit(ctx, access.account.id, 'menu.publish', { jobId, buttons: checked.menu.buttons.length, brokenLinks: broken });
  return { ok: true, data: { jobId } };
});
