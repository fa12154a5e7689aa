import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, domainClaims } from '../../db/schema';
import { addDomainClaim, fetchWellKnown, MAX_FILE_BYTES, runDomainVerification } from '../../lib/directory/domain-proof';
import type { TestDb } from '../helpers/test-db';
import { createSeededAppDb } from '../helpers/webhook';

/** A department's web site, served from node:http; each test decides what it answers. */
let answer: (req: http.IncomingMessage, res: http.ServerResponse) => void = (_req, res) => res.end();
const server = http.createServer((req, res) => answer(req, res));
let domain: string;
let t: TestDb;
let accountId: string;

const json = (body: unknown) => (_req: http.IncomingMessage, res: http.ServerResponse) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
};
const listing = { version: 1, organization: '中山市应急管理局', accounts: [{ wechatId: 'zsyingji', originalId: 'gh_0a1b2c3d4e03', name: '中山应急' }] };

async function account() {
  const [row] = await t.db.select().from(accounts).where(eq(accounts.id, accountId));
  const [claim] = await t.db.select().from(domainClaims).where(eq(domainClaims.accountId, accountId));
  return { row: row!, claim: claim! };
}

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  domain = `localhost:${(server.address() as AddressInfo).port}`;
  t = await createSeededAppDb();
  // An account verified only by its domain, as the demo's 中山应急 is.
  const [row] = await t.db.select().from(accounts).where(eq(accounts.slug, 'zhongshan-emergency'));
  accountId = row!.id;
  await t.db.update(accounts).set({ verified: false, verificationMethod: null, verifiedBy: null, verificationDomain: null }).where(eq(accounts.id, accountId));
  expect(await addDomainClaim({ db: t.db, accountId, domain })).toEqual({ ok: true });
});
afterAll(async () => {
  server.close();
  await t.close();
});

describe('domain proof', () => {
  it('verifies an account its domain lists', async () => {
    answer = json(listing);
    const summary = await runDomainVerification({ db: t.db, allowLocalHttp: true });
    expect(summary).toMatchObject({ checked: 1, verified: 1, failed: 0 });
    const { row, claim } = await account();
    expect(row.verified).toBe(true);
    expect(row.verificationMethod).toBe('domain');
    expect(row.verifiedBy).toBe(domain);
    expect(claim.status).toBe('verified');
  });

  it('leaves everything unchanged when the file is broken, missing or unreachable', async () => {
    for (const broken of [
      (_req: http.IncomingMessage, res: http.ServerResponse) => res.end('{not json'),
      json({ version: 2, accounts: [] }),
      (_req: http.IncomingMessage, res: http.ServerResponse) => {
        res.statusCode = 500;
        res.end();
      },
    ]) {
      answer = broken;
      const summary = await runDomainVerification({ db: t.db, allowLocalHttp: true });
      expect(summary.failed).toBe(1);
      const { row, claim } = await account();
      expect(row.verified).toBe(true);
      expect(claim.status).toBe('verified');
      expect(claim.lastError).toBeTruthy();
    }
  });

  it('refuses a redirect to another host', async () => {
    answer = (_req, res) => {
      res.statusCode = 302;
      res.setHeader('location', `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/wegov.json`);
      res.end();
    };
    expect(await fetchWellKnown(domain, { fetch, allowLocalHttp: true })).toEqual({ ok: false, error: 'redirect_refused' });
  });

  it('follows a redirect on the same host', async () => {
    answer = (req, res) => {
      if (req.url === '/.well-known/wegov.json') {
        res.statusCode = 301;
        res.setHeader('location', '/files/wegov.json');
        res.end();
      } else json(listing)(req, res);
    };
    expect((await fetchWellKnown(domain, { fetch, allowLocalHttp: true })).ok).toBe(true);
  });

  it('refuses an oversized file, declared or streamed', async () => {
    const big = JSON.stringify({ ...listing, padding: 'x'.repeat(MAX_FILE_BYTES) });
    answer = (_req, res) => res.end(big);
    expect(await fetchWellKnown(domain, { fetch, allowLocalHttp: true })).toEqual({ ok: false, error: 'too_large' });
    answer = (_req, res) => {
      res.setHeader('transfer-encoding', 'chunked');
      for (let i = 0; i < 20; i++) res.write('x'.repeat(8192));
      res.end();
    };
    expect(await fetchWellKnown(domain, { fetch, allowLocalHttp: true })).toEqual({ ok: false, error: 'too_large' });
  });

  it('gives up on a slow server', async () => {
    answer = () => {
      /* never answers */
    };
    expect(await fetchWellKnown(domain, { fetch, allowLocalHttp: true, timeoutMs: 300 })).toEqual({ ok: false, error: 'timeout' });
  });

  it('refuses localhost and private addresses when plain http is not allowed', async () => {
    expect(await fetchWellKnown(domain, { fetch, allowLocalHttp: false })).toEqual({ ok: false, error: 'private_address' });
    expect(await fetchWellKnown('10.0.0.1', { fetch, allowLocalHttp: false })).toEqual({ ok: false, error: 'ip_literal' });
    expect(await fetchWellKnown('evil.example/path?x', { fetch, allowLocalHttp: false })).toEqual({ ok: false, error: 'invalid_domain' });
  });

  it('withdraws the verification and flags the claim when the file stops listing the account', async () => {
    answer = json({ version: 1, accounts: [{ wechatId: 'someone-else' }] });
    const summary = await runDomainVerification({ db: t.db, allowLocalHttp: true });
    expect(summary).toMatchObject({ checked: 1, delisted: 1 });
    const { row, claim } = await account();
    expect(row.verified).toBe(false);
    expect(claim.status).toBe('delisted');
  });
});
