import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { demoAccounts } from '../../db/demo/accounts';
import { accessTokens, accounts } from '../../db/schema';
import { demoAppSecret, seedDemo } from '../../db/seed';
import { resealAtStart, resealSecrets, resealTotals, type ResealReport } from '../../lib/crypto/reseal';
import { isSealed, keyId, openSecret, sealedKeyId, sealSecret, type SecretKeys } from '../../lib/crypto/secret-box';
import { resetEnvForTests } from '../../lib/env';
import { wechatApiFor } from '../../lib/wechat/api/client';
import { accessToken, resetTokenFlightsForTests } from '../../lib/wechat/api/token';
import type { WechatTransport } from '../../lib/wechat/api/transport';
import { listPhoneAccounts, loadPhoneAccount } from '../../lib/wechat/simulator/phone-accounts';
import { createTestDb, type TestDb } from '../helpers/test-db';
import {
  accountIdBySlug,
  createSeededAppDb,
  demoCredentials,
  pushRequest,
  readReply,
  signedPush,
  startWebhookServer,
  TEST_SECRET_KEY,
  textMessage,
} from '../helpers/webhook';

/**
 * Issue 10 item 4: every WeChat credential and cached access token is sealed at rest
 * (lib/crypto/secret-box.ts, docs/reliability.md J13), the webhook and the API client still work,
 * and the key can be rotated with `npm run secrets:reseal` (lib/crypto/reseal.ts).
 */

const KEY_A = 'rotation-key-A-0123456789abcdef';
const KEY_B = 'rotation-key-B-0123456789abcdef';
const police = demoCredentials('zhaoqing-police');
const youth = demoCredentials('zhongshan-youth');

/** Points lib/env at these keys, as a restart with new variables would. */
function configureKeys(current: string | undefined, previous?: string): void {
  for (const [name, value] of [
    ['WEGOV_SECRET_KEY', current],
    ['WEGOV_SECRET_KEY_PREVIOUS', previous],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetEnvForTests();
}
// Back to the key the test helpers seal with (vitest.config.ts), whatever a test configured.
const CONFIGURED_KEY = process.env.WEGOV_SECRET_KEY;
afterEach(() => configureKeys(CONFIGURED_KEY));

type CredentialRow = { slug: string; appSecretEncrypted: string | null; token: string | null; encodingAesKey: string | null; previousEncodingAesKey: string | null };

async function storedCredentials(db: Db): Promise<CredentialRow[]> {
  return db
    .select({
      slug: accounts.slug,
      appSecretEncrypted: accounts.appSecretEncrypted,
      token: accounts.token,
      encodingAesKey: accounts.encodingAesKey,
      previousEncodingAesKey: accounts.previousEncodingAesKey,
    })
    .from(accounts)
    .orderBy(accounts.slug);
}

/** Every non-null credential value at rest: accounts' four columns and access_tokens.token. */
async function valuesAtRest(db: Db): Promise<string[]> {
  const rows = await storedCredentials(db);
  const tokens = await db.select({ token: accessTokens.token }).from(accessTokens);
  return [
    ...rows.flatMap((r) => [r.appSecretEncrypted, r.token, r.encodingAesKey, r.previousEncodingAesKey]),
    ...tokens.map((t) => t.token),
  ].filter((v): v is string => v !== null);
}

/** A stable_token endpoint that hands out numbered tokens and counts its calls. */
function fakeTokenEndpoint(): WechatTransport & { calls: number } {
  const transport = {
    calls: 0,
    async request() {
      transport.calls++;
      return { access_token: `ACCESS_${transport.calls}_abcdefghijklmnopqrstuvwxyz`, expires_in: 7200 };
    },
  };
  return transport;
}

/** A signed push to the police account through a fresh webhook (so no cached account row). */
async function policeAnswers(db: Db): Promise<{ status: number; content: unknown }> {
  const webhook = await startWebhookServer({ db: async () => db });
  try {
    const push = signedPush({ slug: 'zhaoqing-police', credentials: police, fields: textMessage(police, 'oSealed', '你好') });
    const response = await webhook.send(pushRequest(push));
    const body = await response.text();
    return { status: response.status, content: response.status === 200 ? readReply(police, body)?.fields.Content : body };
  } finally {
    await webhook.close();
  }
}

const nothingChanged = (report: ResealReport) => {
  const total = resealTotals(report);
  return total.sealed + total.resealed + total.unreadable + total.skipped === 0;
};

describe('credentials are sealed at rest after seeding', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createSeededAppDb();
  });
  afterAll(() => t.close());

  it('stores no Token, EncodingAESKey or AppSecret in plain text', async () => {
    const rows = await storedCredentials(t.db);
    expect(rows).toHaveLength(demoAccounts.length);
    for (const row of rows) {
      const demo = demoAccounts.find((a) => a.slug === row.slug)!;
      for (const [stored, plain] of [
        [row.token, demo.token],
        [row.encodingAesKey, demo.encodingAesKey],
        [row.appSecretEncrypted, demoAppSecret(demo.appId)],
      ] as const) {
        expect(stored).not.toBeNull();
        expect(isSealed(stored!)).toBe(true);
        expect(sealedKeyId(stored!)).toBe(keyId(TEST_SECRET_KEY));
        expect(stored).not.toContain(plain);
        expect(openSecret(stored!, TEST_SECRET_KEY)).toBe(plain);
      }
    }
  });

  it('the webhook still verifies, decrypts and answers signed pushes (safe and compatible mode)', async () => {
    const answer = await policeAnswers(t.db);
    expect(answer.status).toBe(200);
    expect(String(answer.content)).not.toBe('');
    const webhook = await startWebhookServer({ db: async () => t.db });
    try {
      const push = signedPush({ slug: 'zhongshan-youth', credentials: youth, fields: textMessage(youth, 'oSealed', '志愿') });
      const response = await webhook.send(pushRequest(push));
      expect(response.status).toBe(200);
      expect(String(readReply(youth, await response.text())?.fields.Content)).toContain('近期志愿活动');
      // A push signed with another Token is still refused: the opened Token is the one compared.
      const forged = signedPush({ slug: 'zhongshan-youth', credentials: { ...youth, token: 'not-the-token' }, fields: textMessage(youth, 'oForged', 'x') });
      expect((await webhook.send(pushRequest(forged))).status).toBe(401);
    } finally {
      await webhook.close();
    }
  });

  it('the access-token cache stores the token sealed and reads it back', async () => {
    resetTokenFlightsForTests();
    const accountId = await accountIdBySlug(t.db, 'zhaoqing-police');
    const transport = fakeTokenEndpoint();
    const source = { accountId, appId: police.appId, appSecret: demoAppSecret(police.appId) };
    const first = await accessToken({ db: t.db, source, transport });
    const [row] = await t.db.select().from(accessTokens).where(eq(accessTokens.accountId, accountId));
    expect(isSealed(row!.token)).toBe(true);
    expect(row!.token).not.toContain(first);
    expect(openSecret(row!.token, TEST_SECRET_KEY)).toBe(first);
    expect(await accessToken({ db: t.db, source, transport })).toBe(first);
    expect(transport.calls).toBe(1);
    // A token WeChat refused is stale even though the sealed row holds it.
    const second = await accessToken({ db: t.db, source, transport, rejected: first });
    expect(second).not.toBe(first);
    expect(transport.calls).toBe(2);
  });

  it('the simulator phone opens them on the server and shows none of them', async () => {
    const phone = await loadPhoneAccount({ db: t.db, slug: 'zhaoqing-police' });
    expect(phone?.credentials.token).toBe(police.token);
    expect(phone?.credentials.encodingAesKeys).toEqual(police.encodingAesKeys);
    const listed = JSON.stringify(await listPhoneAccounts({ db: t.db }));
    expect(listed).toContain('zhaoqing-police');
    for (const demo of demoAccounts) {
      expect(listed).not.toContain(demo.token);
      expect(listed).not.toContain(demo.encodingAesKey);
    }
    expect(listed).not.toMatch(/v2\.|token|encodingAesKey|appSecret/i);
  });
  it('no log line carries a credential, whatever the webhook answers', async () => {
    const lines: string[] = [];
    const capture = (stream: NodeJS.WriteStream) => {
      const write = stream.write.bind(stream);
      stream.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
        lines.push(String(chunk));
        return write(chunk, ...rest);
      }) as typeof stream.write;
      return () => {
        stream.write = write;
      };
    };
    const before = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = 'debug';
    const restore = [capture(process.stdout), capture(process.stderr)];
    try {
      expect((await policeAnswers(t.db)).status).toBe(200);
      const webhook = await startWebhookServer({ db: async () => t.db });
      try {
        const forged = signedPush({ slug: 'zhaoqing-police', credentials: { ...police, token: 'not-the-token' }, fields: textMessage(police, 'oForged', 'x') });
        expect((await webhook.send(pushRequest(forged))).status).toBe(401);
      } finally {
        await webhook.close();
      }
      // A key that opens nothing: the webhook fails loudly (503, logged) without naming any value.
      configureKeys('a-key-that-sealed-nothing-0123');
      expect((await policeAnswers(t.db)).status).toBe(503);
    } finally {
      for (const undo of restore) undo();
      if (before === undefined) delete process.env.LOG_LEVEL;
      else process.env.LOG_LEVEL = before;
    }
    const logged = lines.join('');
    expect(logged).toContain('webhook.failed');
    const stored = await storedCredentials(t.db);
    for (const demo of demoAccounts) {
      for (const secret of [demo.token, demo.encodingAesKey, demoAppSecret(demo.appId)]) expect(logged).not.toContain(secret);
    }
    for (const row of stored) for (const value of [row.token, row.encodingAesKey, row.appSecretEncrypted]) expect(logged).not.toContain(value!);
    expect(logged).not.toContain(TEST_SECRET_KEY);
  });
});

describe('rotating the key', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
    // A deployment that sealed everything under key A.
    await seedDemo(t.db, { secretKey: KEY_A });
  });
  afterAll(() => t.close());

  it('A → B with A as previous, reseal, drop A: the webhook, the token cache and the API client keep working', async () => {
    const keysA: SecretKeys = { current: KEY_A };
    const keysBA: SecretKeys = { current: KEY_B, previous: [KEY_A] };
    const policeId = await accountIdBySlug(t.db, 'zhaoqing-police');
    const youthId = await accountIdBySlug(t.db, 'zhongshan-youth');
    resetTokenFlightsForTests();
    const transport = fakeTokenEndpoint();
    const source = { accountId: policeId, appId: police.appId, appSecret: demoAppSecret(police.appId) };
    // Under A: a token cached sealed under A, and one legacy plain-text row written before sealing.
    const tokenA = await accessToken({ db: t.db, source, transport, keys: keysA });
    await t.db.insert(accessTokens).values({ accountId: youthId, token: 'LEGACY_plain_access_token', expiresAt: new Date(Date.now() + 3_600_000) });
    // And a previous EncodingAESKey still in plain text, as rows written before sealing have.
    await t.db
      .update(accounts)
      .set({ previousEncodingAesKey: 'ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvutsrqponmlkj', previousKeyValidUntil: new Date(Date.now() + 86_400_000) })
      .where(eq(accounts.id, policeId));
    configureKeys(KEY_A);
    expect((await policeAnswers(t.db)).status).toBe(200);

    // 1. Restart with B as the key and A as the previous one: everything still opens.
    configureKeys(KEY_B, KEY_A);
    expect((await policeAnswers(t.db)).status).toBe(200);
    expect(await accessToken({ db: t.db, source, transport })).toBe(tokenA);
    expect(transport.calls).toBe(1);
    // A worker started now, before the reseal, opens AppSecrets still sealed under A.
    const during = await wechatApiFor({ db: t.db, accountId: policeId, config: { apiBase: 'http://127.0.0.1:1', secretKey: keysBA } });
    expect(during.accountId).toBe(policeId);
    await expect(wechatApiFor({ db: t.db, accountId: policeId, config: { apiBase: 'http://127.0.0.1:1', secretKey: KEY_B } })).rejects.toThrow('cannot be opened');

    // 2. Reseal: every value now under B, none left under A or in plain text.
    const report = await resealSecrets({ db: t.db, keys: keysBA });
    const n = demoAccounts.length;
    expect(report['accounts.appSecretEncrypted']).toEqual({ sealed: 0, resealed: n, unreadable: 0, skipped: 0 });
    expect(report['accounts.token']).toEqual({ sealed: 0, resealed: n, unreadable: 0, skipped: 0 });
    expect(report['accounts.encodingAesKey']).toEqual({ sealed: 0, resealed: n, unreadable: 0, skipped: 0 });
    expect(report['accounts.previousEncodingAesKey']).toEqual({ sealed: 1, resealed: 0, unreadable: 0, skipped: 0 });
    expect(report['access_tokens.token']).toEqual({ sealed: 1, resealed: 1, unreadable: 0, skipped: 0 });
    const after = await valuesAtRest(t.db);
    expect(after).toHaveLength(3 * n + 1 + 2);
    for (const value of after) expect(sealedKeyId(value)).toBe(keyId(KEY_B));

    // 3. A second run changes nothing, not even the IVs.
    expect(nothingChanged(await resealSecrets({ db: t.db, keys: keysBA }))).toBe(true);
    expect(await valuesAtRest(t.db)).toEqual(after);

    // 4. Drop A: the webhook (with the previous EncodingAESKey), the token cache and the API client work with B alone.
    configureKeys(KEY_B);
    expect((await policeAnswers(t.db)).status).toBe(200);
    const previousKeyPush = signedPush({
      slug: 'zhaoqing-police',
      credentials: { ...police, encodingAesKeys: ['ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvutsrqponmlkj'] },
      fields: textMessage(police, 'oPreviousKey', '你好'),
    });
    const webhook = await startWebhookServer({ db: async () => t.db });
    try {
      expect((await webhook.send(pushRequest(previousKeyPush))).status).toBe(200);
    } finally {
      await webhook.close();
    }
    expect(await accessToken({ db: t.db, source, transport })).toBe(tokenA);
    expect(await accessToken({ db: t.db, source: { ...source, accountId: youthId }, transport })).toBe('LEGACY_plain_access_token');
    expect(transport.calls).toBe(1);
    const api = await wechatApiFor({ db: t.db, accountId: policeId, config: { apiBase: 'http://127.0.0.1:1', secretKey: KEY_B } });
    expect(api.accountId).toBe(policeId);
    // …and key A alone opens nothing any more.
    configureKeys(KEY_A);
    expect((await policeAnswers(t.db)).status).toBe(503);
  });

  it('reports what no configured key opens, leaves it, and drops an unreadable cached token', async () => {
    const keysB: SecretKeys = { current: KEY_B };
    const youthId = await accountIdBySlug(t.db, 'zhongshan-youth');
    const foreign = sealSecret('some-token', 'a-key-nobody-has-0123456789');
    await t.db.update(accounts).set({ token: foreign }).where(eq(accounts.id, youthId));
    await t.db.update(accessTokens).set({ token: sealSecret('AT', 'a-key-nobody-has-0123456789') }).where(eq(accessTokens.accountId, youthId));
    const report = await resealSecrets({ db: t.db, keys: keysB });
    expect(report['accounts.token']).toEqual({ sealed: 0, resealed: 0, unreadable: 1, skipped: 0 });
    expect(report['access_tokens.token']).toEqual({ sealed: 0, resealed: 0, unreadable: 1, skipped: 0 });
    const [row] = await t.db.select({ token: accounts.token }).from(accounts).where(eq(accounts.id, youthId));
    expect(row?.token).toBe(foreign);
    expect(await t.db.select().from(accessTokens).where(eq(accessTokens.accountId, youthId))).toEqual([]);
  });

  it('npm start seals plain-text values after its migrations and says so once', async () => {
    const policeId = await accountIdBySlug(t.db, 'zhaoqing-police');
    await t.db.update(accounts).set({ token: police.token }).where(eq(accounts.id, policeId));
    const said: string[] = [];
    await resealAtStart({ db: t.db, keys: { current: KEY_B }, say: (line) => said.push(line) });
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/^Credentials at rest: 1 sealed, 0 re-sealed under the current key; 1 open with no configured key/);
    expect(said.join('\n')).not.toContain(police.token);
    const [row] = await t.db.select({ token: accounts.token }).from(accounts).where(eq(accounts.id, policeId));
    expect(sealedKeyId(row!.token!)).toBe(keyId(KEY_B));
  });
});
