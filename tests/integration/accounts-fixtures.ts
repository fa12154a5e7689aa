import { eq } from 'drizzle-orm';
import { accounts, memberships, users } from '../../db/schema';
import type { Staff } from '../../lib/auth/access';
import type { Role } from '../../lib/auth/permissions';
import { generateEncodingAesKey, generateToken } from '../../lib/accounts/generate';
import type { InboxWorld } from './inbox-fixtures';
import { staffOf } from './inbox-fixtures';

/** One staff member per role on `slug` (the demo's admin and account admin, plus three new members). */
export async function staffByRole(w: InboxWorld, slug: string, accountAdminEmail: string): Promise<Record<Role, Staff>> {
  const [account] = await w.t.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.slug, slug));
  const member = async (role: 'editor' | 'reviewer' | 'agent'): Promise<Staff> => {
    const email = `${role}-${slug}@accounts.test`;
    const [u] = await w.t.db.insert(users).values({ email, name: role, passwordHash: 'x' }).returning();
    await w.t.db.insert(memberships).values({ userId: u!.id, accountId: account!.id, role });
    return { id: u!.id, email, name: role, isPlatformAdmin: false, locale: 'zh-CN' };
  };
  return {
    platform_admin: await staffOf(w, 'admin@wegov.local'),
    account_admin: await staffOf(w, accountAdminEmail),
    editor: await member('editor'),
    reviewer: await member('reviewer'),
    agent: await member('agent'),
  };
}

/** A test app registered in the simulator the way a tester does it (POST /__sim/apps/new). */
export async function registerSimApp(simUrl: string): Promise<{ appId: string; appSecret: string }> {
  const response = await fetch(`${simUrl}/__sim/apps/new`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  if (!response.ok) throw new Error(`simulator refused: ${response.status}`);
  return (await response.json()) as { appId: string; appSecret: string };
}

export function freshSecrets() {
  return { token: generateToken(), encodingAesKey: generateEncodingAesKey() };
}

export const profileForm = (slug: string, extra: Record<string, string> = {}) => ({
  slug,
  name: '测试局',
  wechatId: 'cs-test-bureau',
  originalId: 'gh_0123456789ab',
  type: 'service',
  category: 'government',
  regionCode: '',
  department: '办公室',
  description: '测试用公众号',
  avatarUrl: 'https://example.gov.cn/avatar.png',
  followUrl: 'https://mp.weixin.qq.com/mp/profile_ext?__biz=test',
  ...extra,
});
