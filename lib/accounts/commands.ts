import { eq, isNotNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../db/client';
import { pgErrorOf } from '../../db/errors';
import { accessTokens, accounts, regions, type Account } from '../../db/schema';
import { recordAudit } from '../audit/record';
import { accountForStaff } from '../auth/access';
import { invalidInput, staffCommand, type CommandContext, type CommandResult } from '../auth/staff-command';
import { sealAccountCredentials } from '../crypto/credentials';
import type { SecretKeys } from '../crypto/secret-box';
import { seedStarterWording } from '../broadcasts/starter-wording';
import { searchExtraFor } from '../directory/normalize';
import { ensureCalendarYear } from '../service/calendar';
import { shanghaiDay } from '../time/shanghai';
import { CreateInput, CredentialsInput, ProfileInput, VerificationInput } from './account-input';
import { forgetWebhookAccounts } from './webhook-account';

/**
 * What staff do to an account itself (docs/admin.md "Accounts"): create (platform), edit the
 * profile (account admins), the directory's verification (platform), the developer settings
 * (account admins; secrets write-only and sealed), deactivate and reactivate (platform). Each
 * gates on the record's own account, validates strictly, writes, audits — the names of what
 * changed, never a secret — and drops this process's webhook cache (lib/accounts/webhook-account.ts).
 */

type Fail = { ok: false; fieldErrors: Record<string, string[]> };
const fieldError = (field: string, code: string): Fail => ({ ok: false, fieldErrors: { [field]: [code] } });

async function regionKnown(db: Db, code: string | null): Promise<boolean> {
  if (code === null) return true;
  const [row] = await db.select({ code: regions.code }).from(regions).where(eq(regions.code, code)).limit(1);
  return Boolean(row);
}

/** Which of `keys` differ between the stored row and the new values, for the audit detail. */
function changedKeys(before: Account, after: Partial<Account>): string[] {
  return Object.keys(after).filter((k) => {
    const a = before[k as keyof Account];
    const b = after[k as keyof Account];
    return a instanceof Date || b instanceof Date ? (a as Date | null)?.getTime() !== (b as Date | null)?.getTime() : a !== b;
  });
}

type Profile = Omit<z.infer<typeof ProfileInput>, 'slug'>;

function profileColumns(p: Profile) {
  return {
    name: p.name,
    wechatId: p.wechatId,
    originalId: p.originalId,
    type: p.type,
    category: p.category,
    regionCode: p.regionCode,
    department: p.department,
    description: p.description,
    avatarUrl: p.avatarUrl,
    followUrl: p.followUrl,
    searchExtra: searchExtraFor(p.name),
  };
}

function verificationColumns(v: { verified: boolean; verificationMethod: Account['verificationMethod']; verificationEvidence: string | null; verifiedOn: Date | null }, by: string) {
  return v.verified
    ? { verified: true, verificationMethod: v.verificationMethod, verificationEvidence: v.verificationEvidence, verifiedAt: v.verifiedOn ?? new Date(), verifiedBy: by }
    : { verified: false, verificationMethod: null, verificationEvidence: null, verifiedAt: null, verifiedBy: null };
}

export const createAccountCommand = staffCommand('accounts.create', async (ctx): Promise<CommandResult<{ slug: string }>> => {
  const input = CreateInput.safeParse(ctx.input);
  if (!input.success) return invalidInput(input.error);
  const { slug, verified, verificationMethod, verificationEvidence, verifiedOn, ...profile } = input.data;
  if (!(await regionKnown(ctx.db, profile.regionCode))) return fieldError('regionCode', 'unknown_region');
  let created: Account | undefined;
  try {
    created = await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(accounts)
        .values({ slug, ...profileColumns(profile), ...verificationColumns({ verified, verificationMethod, verificationEvidence, verifiedOn }, ctx.staff.email) })
        .returning();
      // A new account starts with what the demo's have: the starter wording list of the content
      // check (docs/broadcasts.md) and this year's holidays and swapped workdays (docs/citizen-service.md).
      await seedStarterWording(tx, row!.id);
      await ensureCalendarYear(tx, row!.id, Number(shanghaiDay(new Date()).slice(0, 4)));
      return row;
    });
  } catch (error) {
    if (pgErrorOf(error).code === '23505') return fieldError('slug', 'taken');
    throw error;
  }
  // The webhook may have cached "no such account" for this slug.
  forgetWebhookAccounts();
  await recordAudit({ db: ctx.db, action: 'account.created', actorId: ctx.staff.id, accountId: created!.id, entityType: 'account', entityId: created!.id, detail: { slug }, ip: ctx.ip ?? null });
  return { ok: true, data: { slug } };
});

export const updateAccountCommand = staffCommand('accounts.edit', async (ctx): Promise<CommandResult<{ changed: string[] }>> => {
  const access = await gate(ctx, ctx.action);
  if (!access) return { ok: false, notFound: true };
  const input = ProfileInput.safeParse(ctx.input);
  if (!input.success) return invalidInput(input.error);
  const { slug: _slug, ...profile } = input.data;
  if (!(await regionKnown(ctx.db, profile.regionCode))) return fieldError('regionCode', 'unknown_region');
  const values = profileColumns(profile);
  const changed = changedKeys(access.account, values).filter((k) => k !== 'searchExtra');
  await ctx.db.update(accounts).set({ ...values, updatedAt: new Date() }).where(eq(accounts.id, access.account.id));
  await audit(ctx, access.account, 'account.updated', { changed });
  return { ok: true, data: { changed } };
});

export const setVerificationCommand = staffCommand('accounts.verify', async (ctx): Promise<CommandResult<{ verified: boolean }>> => {
  const access = await gate(ctx, ctx.action);
  if (!access) return { ok: false, notFound: true };
  const input = VerificationInput.safeParse(ctx.input);
  if (!input.success) return invalidInput(input.error);
  const values = verificationColumns(input.data, ctx.staff.email);
  await ctx.db.update(accounts).set({ ...values, updatedAt: new Date() }).where(eq(accounts.id, access.account.id));
  await audit(ctx, access.account, 'account.verification', { verified: values.verified, method: values.verificationMethod, changed: changedKeys(access.account, values) });
  return { ok: true, data: { verified: values.verified } };
});

/** The command needs the sealing keys (lib/crypto/credentials.ts configuredSecretKeys). */
export interface CredentialsContext extends CommandContext {
  keys: SecretKeys;
  now?: () => Date;
}

export const updateCredentialsCommand = staffCommand<'accounts.credentials', { changed: string[] }, CredentialsContext>(
  'accounts.credentials',
  async (ctx) => {
    const access = await gate(ctx, ctx.action);
    if (!access) return { ok: false, notFound: true };
    const input = CredentialsInput.safeParse(ctx.input);
    if (!input.success) return invalidInput(input.error);
    const { appId, appSecret, token, encodingAesKey, messageMode, graceHours } = input.data;
    const row = access.account;
    // Encrypted modes need a key, either typed now or already stored.
    if (messageMode !== 'plaintext' && !encodingAesKey && !row.encodingAesKey) return fieldError('encodingAesKey', 'required_for_mode');
    const now = ctx.now?.() ?? new Date();
    const set: Partial<Account> = {};
    const changed: string[] = [];
    if (appId !== null && appId !== row.appId) {
      set.appId = appId;
      changed.push('appId');
    }
    if (messageMode !== row.messageMode) {
      set.messageMode = messageMode;
      changed.push('messageMode');
    }
    Object.assign(set, sealAccountCredentials({ ...(appSecret ? { appSecret } : {}), ...(token ? { token } : {}), ...(encodingAesKey ? { encodingAesKey } : {}) }, ctx.keys));
    if (appSecret) changed.push('appSecret');
    if (token) changed.push('token');
    if (encodingAesKey) {
      changed.push('encodingAesKey');
      // The key WeChat signed with until now keeps opening pushes for the chosen grace period:
      // WeChat applies a new key at once, but pushes already in flight (and retries) carry the old one.
      const keepPrevious = graceHours > 0 && row.encodingAesKey !== null;
      set.previousEncodingAesKey = keepPrevious ? row.encodingAesKey : null;
      set.previousKeyValidUntil = keepPrevious ? new Date(now.getTime() + graceHours * 3_600_000) : null;
    }
    if (changed.length === 0) return { ok: true, data: { changed } };
    try {
      await ctx.db.transaction(async (tx) => {
        await tx.update(accounts).set({ ...set, updatedAt: now }).where(eq(accounts.id, row.id));
        // A cached access_token belongs to the old AppID/AppSecret; a wrong new secret must show
        // on the next call (and the self-test), not hide behind the old token for two hours.
        if (set.appId !== undefined || appSecret) await tx.delete(accessTokens).where(eq(accessTokens.accountId, row.id));
      });
    } catch (error) {
      if (pgErrorOf(error).code === '23505') return fieldError('appId', 'taken');
      throw error;
    }
    await audit(ctx, row, 'account.credentials', { changed, ...(encodingAesKey ? { graceHours: set.previousEncodingAesKey ? graceHours : 0 } : {}) });
    return { ok: true, data: { changed } };
  },
);

/**
 * Deactivate / reactivate by slug. The account gate (accountForStaff) hides deactivated
 * accounts, so these platform actions look the row up themselves; the row and all its
 * records stay — the webhook answers 404 and the directory leaves it out (disabled_at).
 */
export const deactivateAccountCommand = staffCommand('accounts.deactivate', async (ctx): Promise<CommandResult<{ slug: string }>> =>
  setDisabled(ctx, true),
);

export const reactivateAccountCommand = staffCommand('accounts.deactivate', async (ctx): Promise<CommandResult<{ slug: string }>> =>
  setDisabled(ctx, false),
);

async function setDisabled(ctx: CommandContext, disable: boolean): Promise<CommandResult<{ slug: string }>> {
  const slug = (ctx.input as { slug?: unknown } | null)?.slug;
  if (typeof slug !== 'string' || slug.length > 64) return { ok: false, notFound: true };
  const [row] = await ctx.db.select().from(accounts).where(eq(accounts.slug, slug)).limit(1);
  if (!row) return { ok: false, notFound: true };
  if (Boolean(row.disabledAt) === disable) return { ok: true, data: { slug } };
  await ctx.db.update(accounts).set({ disabledAt: disable ? new Date() : null, updatedAt: new Date() }).where(eq(accounts.id, row.id));
  await audit(ctx, row, disable ? 'account.deactivated' : 'account.reactivated', {});
  return { ok: true, data: { slug } };
}

/** Deactivated accounts, for the platform admin's list to reactivate from. */
export async function listDeactivatedAccounts(db: Db): Promise<{ slug: string; name: string; disabledAt: Date }[]> {
  const rows = await db.select({ slug: accounts.slug, name: accounts.name, disabledAt: accounts.disabledAt }).from(accounts).where(isNotNull(accounts.disabledAt)).orderBy(accounts.name);
  return rows.map((r) => ({ ...r, disabledAt: r.disabledAt! }));
}

async function gate(ctx: CommandContext, action: 'accounts.edit' | 'accounts.verify' | 'accounts.credentials' | 'accounts.self_test') {
  const slug = (ctx.input as { slug?: unknown } | null)?.slug;
  return accountForStaff({ db: ctx.db, staff: ctx.staff, slug: typeof slug === 'string' ? slug.slice(0, 64) : undefined, action, ip: ctx.ip });
}
export { gate as accountGate };

async function audit(ctx: CommandContext, account: Pick<Account, 'id' | 'slug'>, action: string, detail: Record<string, unknown>): Promise<void> {
  forgetWebhookAccounts();
  await recordAudit({ db: ctx.db, action, actorId: ctx.staff.id, accountId: account.id, entityType: 'account', entityId: account.id, detail: { slug: account.slug, ...detail }, ip: ctx.ip ?? null });
}
