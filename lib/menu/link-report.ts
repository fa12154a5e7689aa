import { eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { accounts } from '../../db/schema';
import { fromWechatMenu, menuLinks, storedMenu } from './model';
import { probeLinks, type LinkResult, type ProbePolicy } from './probe-links';

/**
 * accounts.menu_link_report: the last probe of every link in the draft and in the published
 * menu, one entry per URL. Checked on save, on "check links" and by the periodic re-check
 * (lib/menu/tasks.ts), so a link that broke after publishing is flagged on the menu page.
 */
export function readLinkReport(value: unknown): LinkResult[] {
  if (!Array.isArray(value)) return [];
  return value.filter((r): r is LinkResult => typeof r === 'object' && r !== null && typeof (r as LinkResult).url === 'string' && typeof (r as LinkResult).ok === 'boolean');
}

/** The links of the account's draft and published menu, once each. */
export function accountMenuLinks(account: { menuDraft: unknown; menu: unknown }): string[] {
  const draft = storedMenu(account.menuDraft);
  const published = fromWechatMenu(account.menu);
  return [...new Set([...(draft ? menuLinks(draft) : []), ...(published ? menuLinks(published) : [])])];
}

/** Probes the account's menu links now and stores the report; returns it. */
export async function recheckMenuLinks(args: { db: Db; accountId: string; policy?: ProbePolicy }): Promise<LinkResult[]> {
  const [account] = await args.db.select({ menuDraft: accounts.menuDraft, menu: accounts.menu }).from(accounts).where(eq(accounts.id, args.accountId));
  if (!account) return [];
  const report = await probeLinks(accountMenuLinks(account), args.policy);
  await args.db.update(accounts).set({ menuLinkReport: report }).where(eq(accounts.id, args.accountId));
  return report;
}

/** Every account with a published menu, re-checked one after the other; returns how many links broke. */
export async function recheckAllMenuLinks(args: { db: Db; policy?: ProbePolicy }): Promise<{ accounts: number; broken: number }> {
  const rows = await args.db.select({ id: accounts.id }).from(accounts).where(isNotNull(accounts.menu));
  let broken = 0;
  for (const row of rows) broken += (await recheckMenuLinks({ db: args.db, accountId: row.id, policy: args.policy })).filter((r) => !r.ok).length;
  return { accounts: rows.length, broken };
}
