import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, auditLog, messages } from '../../db/schema';
import {
  createAccountCommand,
  deactivateAccountCommand,
  reactivateAccountCommand,
  setVerificationCommand,
  updateAccountCommand,
  updateCredentialsCommand,
} from '../../lib/accounts/commands';
import { developerSettingsView, selfTestCommand } from '../../lib/accounts/developer-settings';
import { runSelfTest } from '../../lib/accounts/self-test';
import { createWebhookAccountCache, WEBHOOK_ACCOUNT_TTL_MS } from '../../lib/accounts/webhook-account';
import type { Staff } from '../../lib/auth/access';
import { ROLES, type Role } from '../../lib/auth/permissions';
import { searchAccounts } from '../../lib/directory/search-accounts';
import type { WebhookCredentials } from '../../lib/wechat/inbound';
import { eventMessage, pushRequest, signedPush, TEST_SECRET_KEY } from '../helpers/webhook';
import { freshSecrets, profileForm, registerSimApp, staffByRole } from './accounts-fixtures';
import { createInboxWorld, staffOf, type InboxWorld } from './inbox-fixtures';

let w: InboxWorld;
let staff: Record<Role, Staff>;
let police: Staff;
const keys = { current: TEST_SECRET_KEY };
beforeAll(async () => {
  w = await createInboxWorld();
  staff = await staffByRole(w, 'zhongshan-youth', 'youth@wegov.local');
  police = await staffOf(w, 'police@wegov.local');
});
afterAll(async () => {
  await w.close();
});

const row = async (slug: string) => (await w.t.db.select().from(accounts).where(eq(accounts.slug, slug)))[0]!;
const selfTestCtx = () => ({ keys, webhookBase: w.webhook.url, apiBase: w.sim.url });

/** Makes a new account through the commands, with a simulator app and generated secrets in `mode`. */
async function onboard(slug: string, mode: 'plaintext' | 'compatible' | 'safe' = 'safe') {
  const admin = staff.platform_admin;
  const created = await createAccountCommand({ db: w.t.db, staff: admin, input: { ...profileForm(slug), verified: 'off' } });
  expect(created).toEqual({ ok: true, data: { slug } });
  const app = await registerSimApp(w.sim.url);
  const secrets = freshSecrets();
  const saved = await updateCredentialsCommand({ db: w.t.db, staff: admin, keys, input: { slug, appId: app.appId, appSecret: app.appSecret, ...secrets, messageMode: mode, graceHours: '24' } });
  expect(saved).toMatchObject({ ok: true });
  const credentials: WebhookCredentials = { token: secrets.token, appId: app.appId, originalId: 'gh_0123456789ab', mode, encodingAesKeys: [secrets.encodingAesKey] };
  return { app, secrets, credentials };
}

async function push(slug: string, credentials: WebhookCredentials, openid = 'o-citizen-accounts') {
  const response = await w.webhook.send(pushRequest(signedPush({ slug, credentials, fields: eventMessage(credentials, openid, 'CLICK', { EventKey: 'K' }) })));
  return { status: response.status, body: await response.text() };
}

describe('who may do what to an account (5 roles)', () => {
  const allowed: Record<string, Role[]> = {
    create: ['platform_admin'],
    edit: ['platform_admin', 'account_admin'],
    verify: ['platform_admin'],
    credentials: ['platform_admin', 'account_admin'],
    self_test: ['platform_admin', 'account_admin'],
    deactivate: ['platform_admin'],
  };
  it.each(ROLES)('%s gets exactly what the table gives, and a refusal changes nothing', async (role) => {
    const who = staff[role];
    const before = await row('zhongshan-youth');
    const slug = `perm-${role.replace('_', '-')}`;
    const results = {
      create: await createAccountCommand({ db: w.t.db, staff: who, input: { ...profileForm(slug), verified: 'off' } }),
      edit: await updateAccountCommand({ db: w.t.db, staff: who, input: profileForm('zhongshan-youth', { name: before.name, description: `${role} was here` }) }),
      verify: await setVerificationCommand({ db: w.t.db, staff: who, input: { slug: 'zhongshan-youth', verified: 'on', verificationMethod: 'wechat_certified', verificationEvidence: `${role} checked`, verifiedOn: '2026-11-02' } }),
      credentials: await updateCredentialsCommand({ db: w.t.db, staff: who, keys, input: { slug: 'zhongshan-youth', messageMode: before.messageMode, graceHours: '0' } }),
      self_test: await selfTestCommand({ db: w.t.db, staff: who, ...selfTestCtx(), input: { slug: 'zhongshan-youth' } }),
      deactivate: await deactivateAccountCommand({ db: w.t.db, staff: who, input: { slug: 'zhongshan-youth' } }),
    };
    for (const [name, result] of Object.entries(results)) {
      if (allowed[name]!.includes(role)) expect(result, name).toMatchObject({ ok: true });
      else expect(result, name).toEqual({ ok: false, notFound: true });
    }
    const after = await row('zhongshan-youth');
    if (role === 'platform_admin') {
      await reactivateAccountCommand({ db: w.t.db, staff: who, input: { slug: 'zhongshan-youth' } });
      expect((await row('zhongshan-youth')).disabledAt).toBeNull();
      expect((await row(slug)).name).toBe('测试局');
    } else {
      expect(after.disabledAt).toBeNull();
      expect(after.verificationEvidence).not.toBe(`${role} checked`);
      expect(await w.t.db.select().from(accounts).where(eq(accounts.slug, slug))).toEqual([]);
    }
    expect(after.description === `${role} was here`).toBe(allowed.edit!.includes(role));
  });
});

describe('reactivate (5 roles)', () => {
  it('only a platform admin brings a deactivated account back', async () => {
    await createAccountCommand({ db: w.t.db, staff: staff.platform_admin, input: { ...profileForm('perm-spare'), verified: 'off' } });
    await deactivateAccountCommand({ db: w.t.db, staff: staff.platform_admin, input: { slug: 'perm-spare' } });
    for (const role of ROLES.filter((r) => r !== 'platform_admin')) {
      expect(await reactivateAccountCommand({ db: w.t.db, staff: staff[role], input: { slug: 'perm-spare' } }), role).toEqual({ ok: false, notFound: true });
      expect((await row('perm-spare')).disabledAt, role).not.toBeNull();
    }
    expect(await reactivateAccountCommand({ db: w.t.db, staff: staff.platform_admin, input: { slug: 'perm-spare' } })).toEqual({ ok: true, data: { slug: 'perm-spare' } });
    expect((await row('perm-spare')).disabledAt).toBeNull();
  });
});

describe('tenant isolation', () => {
  it("another account's admin gets 404 for every action on it, and nothing changes", async () => {
    const before = await row('zhongshan-youth');
    const input = { slug: 'zhongshan-youth' };
    const attempts = [
      updateAccountCommand({ db: w.t.db, staff: police, input: profileForm('zhongshan-youth', { name: 'hacked' }) }),
      setVerificationCommand({ db: w.t.db, staff: police, input: { ...input, verified: 'off' } }),
      updateCredentialsCommand({ db: w.t.db, staff: police, keys, input: { ...input, token: 'hackedtoken', messageMode: 'plaintext', graceHours: '0' } }),
      selfTestCommand({ db: w.t.db, staff: police, ...selfTestCtx(), input }),
      deactivateAccountCommand({ db: w.t.db, staff: police, input }),
      reactivateAccountCommand({ db: w.t.db, staff: police, input }),
    ];
    for (const result of await Promise.all(attempts)) expect(result).toEqual({ ok: false, notFound: true });
    // The account comes from the slug's own row, never from a field: an extra accountId is refused.
    const extra = await updateAccountCommand({ db: w.t.db, staff: police, input: { ...profileForm('zhaoqing-police'), accountId: before.id } });
    expect(extra).toMatchObject({ ok: false, fieldErrors: {} });
    const after = await row('zhongshan-youth');
    expect({ ...after, updatedAt: null }).toEqual({ ...before, updatedAt: null });
    const denied = await w.t.db.select().from(auditLog).where(and(eq(auditLog.actorId, police.id), eq(auditLog.action, 'access.denied')));
    expect(denied.length).toBeGreaterThanOrEqual(4);
  });
});

describe('create and edit', () => {
  it('says what is wrong with the slug next to the field: format, then uniqueness', async () => {
    const admin = staff.platform_admin;
    const bad = await createAccountCommand({ db: w.t.db, staff: admin, input: { ...profileForm('Bad_Slug'), verified: 'off' } });
    expect(bad).toEqual({ ok: false, fieldErrors: { slug: ['slug'] } });
    const taken = await createAccountCommand({ db: w.t.db, staff: admin, input: { ...profileForm('zhongshan-youth'), verified: 'off' } });
    expect(taken).toEqual({ ok: false, fieldErrors: { slug: ['taken'] } });
    const urls = await createAccountCommand({ db: w.t.db, staff: admin, input: { ...profileForm('new-one', { avatarUrl: 'http://x.test/a.png', originalId: 'oops' }), verified: 'off' } });
    expect(urls).toMatchObject({ ok: false, fieldErrors: { avatarUrl: ['https_url'], originalId: ['original_id'] } });
    const evidence = await createAccountCommand({ db: w.t.db, staff: admin, input: { ...profileForm('new-one'), verified: 'on', verificationMethod: 'manual' } });
    expect(evidence).toMatchObject({ ok: false, fieldErrors: { verificationEvidence: ['evidence_required'] } });
    const region = await createAccountCommand({ db: w.t.db, staff: admin, input: { ...profileForm('new-one', { regionCode: '999999' }), verified: 'off' } });
    expect(region).toEqual({ ok: false, fieldErrors: { regionCode: ['unknown_region'] } });
    expect(await w.t.db.select().from(accounts).where(eq(accounts.slug, 'new-one'))).toEqual([]);
  });

  it('stores the whole profile, avatar included, and audits which fields changed', async () => {
    const admin = staff.platform_admin;
    await createAccountCommand({ db: w.t.db, staff: admin, input: { ...profileForm('profile-test', { regionCode: '440000' }), verified: 'on', verificationMethod: 'wechat_certified', verificationEvidence: '微信认证 2026-10', verifiedOn: '2026-10-08' } });
    const created = await row('profile-test');
    expect(created).toMatchObject({ name: '测试局', wechatId: 'cs-test-bureau', originalId: 'gh_0123456789ab', type: 'service', regionCode: '440000', department: '办公室', avatarUrl: 'https://example.gov.cn/avatar.png', verified: true, verificationMethod: 'wechat_certified', verifiedBy: admin.email });
    expect(created.verifiedAt?.toISOString()).toBe('2026-10-07T16:00:00.000Z'); // Beijing midnight
    const edited = await updateAccountCommand({ db: w.t.db, staff: admin, input: profileForm('profile-test', { regionCode: '440000', name: '测试局（新）', avatarUrl: '' }) });
    expect(edited).toEqual({ ok: true, data: { changed: ['name', 'avatarUrl'] } });
    expect(await row('profile-test')).toMatchObject({ name: '测试局（新）', avatarUrl: null, slug: 'profile-test' });
    const [entry] = await w.t.db.select().from(auditLog).where(and(eq(auditLog.action, 'account.updated'), eq(auditLog.accountId, created.id)));
    expect(entry!.detail).toEqual({ slug: 'profile-test', changed: ['name', 'avatarUrl'] });
  });
});

describe('developer settings', () => {
  it('seals every secret at rest, keeps them out of the audit, and keeps an empty field as it was', async () => {
    const { app, secrets } = await onboard('sealed-test');
    const stored = await row('sealed-test');
    for (const [column, plain] of [['appSecretEncrypted', app.appSecret], ['token', secrets.token], ['encodingAesKey', secrets.encodingAesKey]] as const) {
      expect(stored[column]).not.toBeNull();
      expect(stored[column]).not.toContain(plain);
    }
    const audits = await w.t.db.select().from(auditLog).where(and(eq(auditLog.accountId, stored.id)));
    const text = JSON.stringify(audits);
    for (const plain of [app.appSecret, secrets.token, secrets.encodingAesKey]) expect(text).not.toContain(plain);
    expect(audits.find((a) => a.action === 'account.credentials')!.detail).toMatchObject({ changed: ['appId', 'appSecret', 'token', 'encodingAesKey'] });

    // Saving with the secret fields left empty changes none of them.
    const again = await updateCredentialsCommand({ db: w.t.db, staff: staff.platform_admin, keys, input: { slug: 'sealed-test', appId: '', appSecret: '', token: '', encodingAesKey: '', messageMode: 'safe', graceHours: '0' } });
    expect(again).toEqual({ ok: true, data: { changed: [] } });
    const unchanged = await row('sealed-test');
    expect([unchanged.appId, unchanged.appSecretEncrypted, unchanged.token, unchanged.encodingAesKey]).toEqual([stored.appId, stored.appSecretEncrypted, stored.token, stored.encodingAesKey]);
  });

  it('gives the developer page nothing of a secret, sealed or open, only whether it is set', async () => {
    const { app, secrets } = await onboard('view-test');
    const stored = await row('view-test');
    const view = developerSettingsView(stored, 'https://portal.example');
    expect(view).toEqual({ appId: app.appId, appSecretSet: true, tokenSet: true, encodingAesKeySet: true, previousKeyValidUntil: null, messageMode: 'safe', serverUrl: 'https://portal.example/api/wechat/view-test' });
    const text = JSON.stringify(view);
    for (const value of [app.appSecret, secrets.token, secrets.encodingAesKey, stored.appSecretEncrypted!, stored.token!, stored.encodingAesKey!]) expect(text).not.toContain(value);
  });

  it('refuses malformed values per field and an encrypted mode without a key', async () => {
    const admin = staff.platform_admin;
    await createAccountCommand({ db: w.t.db, staff: admin, input: { ...profileForm('fields-test'), verified: 'off' } });
    const bad = await updateCredentialsCommand({ db: w.t.db, staff: admin, keys, input: { slug: 'fields-test', appId: 'nope', appSecret: 'short', token: 'a!', encodingAesKey: 'x'.repeat(42), messageMode: 'safe', graceHours: '5' } });
    expect(bad).toMatchObject({ ok: false, fieldErrors: { appId: ['app_id'], appSecret: ['app_secret'], token: ['token'], encodingAesKey: ['encoding_aes_key'], graceHours: ['required'] } });
    const noKey = await updateCredentialsCommand({ db: w.t.db, staff: admin, keys, input: { slug: 'fields-test', token: 'abc123', messageMode: 'safe', graceHours: '0' } });
    expect(noKey).toEqual({ ok: false, fieldErrors: { encodingAesKey: ['required_for_mode'] } });
    const r = await row('fields-test');
    expect([r.token, r.appId, r.encodingAesKey]).toEqual([null, null, null]);
  });
});

describe('EncodingAESKey rotation through the webhook', () => {
  it('keeps the previous key opening pushes for the chosen grace period, and not after', async () => {
    const { credentials } = await onboard('rotate-test');
    expect((await push('rotate-test', credentials)).status).toBe(200);

    const next = freshSecrets().encodingAesKey;
    const rotated = await updateCredentialsCommand({ db: w.t.db, staff: staff.platform_admin, keys, input: { slug: 'rotate-test', encodingAesKey: next, messageMode: 'safe', graceHours: '1' } });
    expect(rotated).toMatchObject({ ok: true });
    const r = await row('rotate-test');
    expect(r.previousKeyValidUntil!.getTime()).toBeGreaterThan(Date.now() + 59 * 60_000);
    const withNew = { ...credentials, encodingAesKeys: [next] };
    // The command dropped this process's webhook cache: the new key works at once, the old one too.
    expect((await push('rotate-test', withNew)).status).toBe(200);
    expect((await push('rotate-test', credentials)).status).toBe(200);

    // The grace period over (as another process would see the row): the old key is refused.
    await w.t.db.update(accounts).set({ previousKeyValidUntil: new Date(Date.now() - 1000) }).where(eq(accounts.id, r.id));
    await updateAccountCommand({ db: w.t.db, staff: staff.platform_admin, input: profileForm('rotate-test') }); // any edit clears the cache
    expect(await push('rotate-test', credentials)).toEqual({ status: 400, body: 'cannot decrypt' });
    expect((await push('rotate-test', withNew)).status).toBe(200);

    // No grace: the replaced key stops at once.
    const third = freshSecrets().encodingAesKey;
    await updateCredentialsCommand({ db: w.t.db, staff: staff.platform_admin, keys, input: { slug: 'rotate-test', encodingAesKey: third, messageMode: 'safe', graceHours: '0' } });
    expect(await row('rotate-test')).toMatchObject({ previousEncodingAesKey: null, previousKeyValidUntil: null });
    expect((await push('rotate-test', withNew)).status).toBe(400);
    expect((await push('rotate-test', { ...credentials, encodingAesKeys: [third] })).status).toBe(200);
  });
});

describe('deactivate', () => {
  it('makes the webhook answer 404, keeps the records, leaves the directory; reactivating undoes it', async () => {
    const { credentials } = await onboard('retire-test');
    expect((await push('retire-test', credentials, 'o-retire')).status).toBe(200);
    const id = (await row('retire-test')).id;
    const stored = await w.t.db.select().from(messages).where(eq(messages.accountId, id));
    expect(stored.length).toBe(1);
    expect((await searchAccounts({ db: w.t.db, q: '测试局' })).items.map((a) => a.slug)).toContain('retire-test');

    expect(await deactivateAccountCommand({ db: w.t.db, staff: staff.platform_admin, input: { slug: 'retire-test' } })).toMatchObject({ ok: true });
    expect(await push('retire-test', credentials, 'o-retire')).toEqual({ status: 404, body: 'unknown account' });
    expect((await w.t.db.select().from(messages).where(eq(messages.accountId, id))).length).toBe(1);
    expect((await searchAccounts({ db: w.t.db, q: '测试局' })).items.map((a) => a.slug)).not.toContain('retire-test');
    // Gone from the account gate too: its pages answer 404, even to the platform admin.
    expect(await selfTestCommand({ db: w.t.db, staff: staff.platform_admin, ...selfTestCtx(), input: { slug: 'retire-test' } })).toEqual({ ok: false, notFound: true });

    await reactivateAccountCommand({ db: w.t.db, staff: staff.platform_admin, input: { slug: 'retire-test' } });
    expect((await push('retire-test', credentials, 'o-retire-2')).status).toBe(200);
    const actions = (await w.t.db.select().from(auditLog).where(eq(auditLog.accountId, id))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['account.created', 'account.credentials', 'account.deactivated', 'account.reactivated']));
  });
});

describe('connection self-test against the simulator', () => {
  it.each(['safe', 'compatible', 'plaintext'] as const)('passes every step for a freshly onboarded account in %s mode', async (mode) => {
    await onboard(`selftest-${mode}`, mode);
    const result = await selfTestCommand({ db: w.t.db, staff: staff.platform_admin, ...selfTestCtx(), input: { slug: `selftest-${mode}` } });
    expect(result).toEqual({ ok: true, data: { ok: true, steps: [{ step: 'verify_url', ok: true }, { step: 'push', ok: true }, { step: 'access_token', ok: true }] } });
    const [entry] = await w.t.db.select().from(auditLog).where(and(eq(auditLog.action, 'account.self_test'), eq(auditLog.accountId, (await row(`selftest-${mode}`)).id)));
    expect(entry!.detail).toMatchObject({ ok: true, failed: [] });
  });

  it('says WeChat refused the AppSecret when it is not the one WeChat issued', async () => {
    await onboard('selftest-secret');
    await updateCredentialsCommand({ db: w.t.db, staff: staff.platform_admin, keys, input: { slug: 'selftest-secret', appSecret: 'f'.repeat(32), messageMode: 'safe', graceHours: '0' } });
    const result = await selfTestCommand({ db: w.t.db, staff: staff.platform_admin, ...selfTestCtx(), input: { slug: 'selftest-secret' } });
    expect(result).toMatchObject({ ok: true, data: { ok: false, steps: [{ ok: true }, { ok: true }, { step: 'access_token', ok: false, cause: 'invalid_app_secret', detail: 40125 }] } });
  });

  it('says the AppID is unknown to WeChat', async () => {
    await onboard('selftest-appid');
    await updateCredentialsCommand({ db: w.t.db, staff: staff.platform_admin, keys, input: { slug: 'selftest-appid', appId: 'wx00000000000000ff', messageMode: 'safe', graceHours: '0' } });
    const result = await selfTestCommand({ db: w.t.db, staff: staff.platform_admin, ...selfTestCtx(), input: { slug: 'selftest-appid' } });
    expect(result).toMatchObject({ ok: true, data: { ok: false, steps: [{ ok: true }, { ok: true }, { step: 'access_token', ok: false, cause: 'invalid_app_id', detail: 40013 }] } });
  });

  it('says the webhook is unreachable when the public origin does not answer', async () => {
    await onboard('selftest-down');
    const result = await selfTestCommand({ db: w.t.db, staff: staff.platform_admin, ...selfTestCtx(), webhookBase: 'http://127.0.0.1:9', input: { slug: 'selftest-down' } });
    expect(result).toMatchObject({ ok: true, data: { ok: false, steps: [{ step: 'verify_url', cause: 'unreachable' }, { step: 'push', cause: 'unreachable' }, { step: 'access_token', ok: true }] } });
  });

  it('says what is missing before any credentials are saved', async () => {
    await createAccountCommand({ db: w.t.db, staff: staff.platform_admin, input: { ...profileForm('selftest-empty'), verified: 'off' } });
    const result = await selfTestCommand({ db: w.t.db, staff: staff.platform_admin, ...selfTestCtx(), input: { slug: 'selftest-empty' } });
    expect(result).toMatchObject({ ok: true, data: { ok: false, steps: [{ cause: 'missing_credentials' }, { cause: 'missing_credentials' }, { cause: 'missing_credentials' }] } });
  });
});

describe('self-test when the webhook holds other credentials than the sender', () => {
  // What the step reports when WeChat's side (here: the sender) and the webhook disagree — a
  // Token or key typed differently in WeChat's admin, or a webhook process that has not seen the change.
  const run = (slug: string, credentials: WebhookCredentials, appSecret: string) =>
    runSelfTest({ slug, credentials, appSecret, webhookBase: w.webhook.url, apiBase: w.sim.url });

  it('wrong Token: the signature is rejected', async () => {
    const { app, credentials } = await onboard('mismatch-token');
    const report = await run('mismatch-token', { ...credentials, token: 'someothertoken' }, app.appSecret);
    expect(report.steps).toEqual([
      { step: 'verify_url', ok: false, cause: 'signature_rejected', detail: 401 },
      { step: 'push', ok: false, cause: 'signature_rejected' },
      { step: 'access_token', ok: true },
    ]);
  });

  it('wrong EncodingAESKey: the push cannot be decrypted', async () => {
    const { app, credentials } = await onboard('mismatch-key');
    const report = await run('mismatch-key', { ...credentials, encodingAesKeys: [freshSecrets().encodingAesKey] }, app.appSecret);
    expect(report.steps[1]).toEqual({ step: 'push', ok: false, cause: 'cannot_decrypt', detail: 400 });
    expect(report.ok).toBe(false);
  });

  it('plaintext sent to a safe-mode account: encryption required', async () => {
    const { app, credentials } = await onboard('mismatch-mode');
    const report = await run('mismatch-mode', { ...credentials, mode: 'plaintext' }, app.appSecret);
    expect(report.steps[1]).toEqual({ step: 'push', ok: false, cause: 'encryption_required', detail: 400 });
  });

  it('an unknown slug: not found', async () => {
    const { app, credentials } = await onboard('mismatch-slug');
    const report = await run('no-such-account', credentials, app.appSecret);
    expect(report.steps[0]).toEqual({ step: 'verify_url', ok: false, cause: 'not_found', detail: 404 });
  });
});

describe('webhook account cache', () => {
  it('shows an edit from this process at once and one from another process within the TTL', async () => {
    const { credentials } = await onboard('cache-test');
    let clock = 1_000_000;
    const here = createWebhookAccountCache({ now: () => clock });
    const elsewhere = createWebhookAccountCache({ now: () => clock });
    const tokenOf = async (cache: typeof here) => (await cache.get(w.t.db, 'cache-test'))?.credentials.token;
    expect(await tokenOf(here)).toBe(credentials.token);
    expect(await tokenOf(elsewhere)).toBe(credentials.token);

    // An edit through the command clears this process's caches at once.
    await updateCredentialsCommand({ db: w.t.db, staff: staff.platform_admin, keys, input: { slug: 'cache-test', token: 'tokenfromhere', messageMode: 'safe', graceHours: '0' } });
    expect(await tokenOf(here)).toBe('tokenfromhere');

    // Another process's edit reaches the row only: a cache sees it once its entry is older than the TTL.
    const other = (await import('../../lib/crypto/credentials')).sealAccountCredentials({ token: 'tokenfromthere' }, keys);
    await w.t.db.update(accounts).set(other).where(eq(accounts.slug, 'cache-test'));
    expect(await tokenOf(here)).toBe('tokenfromhere');
    clock += WEBHOOK_ACCOUNT_TTL_MS - 1;
    expect(await tokenOf(here)).toBe('tokenfromhere');
    clock += 1;
    expect(await tokenOf(here)).toBe('tokenfromthere');
    expect(await tokenOf(elsewhere)).toBe('tokenfromthere');
    expect(WEBHOOK_ACCOUNT_TTL_MS).toBeLessThan(1000);
  });
});
