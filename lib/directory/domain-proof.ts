import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { accounts, domainClaims } from '../../db/schema';
import { recordAudit } from '../audit/record';
import { env } from '../env';
import { log } from '../log';

/**
 * Domain-anchored proof: a department publishes https://<its gov domain>/.well-known/wegov.json
 * listing its accounts; whoever controls the domain vouches for the account. The format is
 * documented in docs/directory.md.
 *
 * Fetching a URL built from stored input is an SSRF risk (docs/reliability.md G8): https only in
 * production, public addresses only, no redirects to another host, a 5 s deadline for the whole
 * exchange and a 64 KiB cap on the body. Plain http is allowed for localhost outside production
 * so tests can serve the file from node:http.
 */
export const WELL_KNOWN_PATH = '/.well-known/wegov.json';
export const MAX_FILE_BYTES = 64 * 1024;
export const FETCH_TIMEOUT_MS = 5_000;
const MAX_REDIRECTS = 3;

export const WellKnownFile = z.object({
  version: z.literal(1),
  organization: z.string().max(200).optional(),
  updatedAt: z.string().max(40).optional(),
  accounts: z
    .array(
      z
        .object({
          wechatId: z.string().max(64).optional(),
          originalId: z.string().max(64).optional(),
          name: z.string().max(100).optional(),
        })
        .refine((a) => a.wechatId || a.originalId, 'each account needs wechatId or originalId'),
    )
    .max(1000),
});
export type WellKnownFile = z.infer<typeof WellKnownFile>;

/** Host names only (optionally with a port): no paths, users or schemes sneak into the URL. */
const DOMAIN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)*(?::\d{1,5})?$/;

export function normalizeDomain(input: string): string | null {
  const domain = input.trim().toLowerCase().replace(/\.$/, '');
  return domain.length <= 253 && DOMAIN.test(domain) ? domain : null;
}

function hostOf(domain: string): string {
  return domain.replace(/:\d+$/, '');
}

function isLocalhost(host: string): boolean {
  return host === 'localhost' || host === '127.0.0.1';
}

export function isPrivateAddress(address: string): boolean {
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(v4) === 4) {
    const [a, b] = v4.split('.').map(Number) as [number, number];
    return a === 0 || a === 10 || a === 127 || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || a >= 224;
  }
  const v6 = address.toLowerCase();
  return v6 === '::' || v6 === '::1' || v6.startsWith('fc') || v6.startsWith('fd') || v6.startsWith('fe80');
}

export interface FetchPolicy {
  fetch: typeof fetch;
  /** Plain http to localhost (tests); never in production. */
  allowLocalHttp: boolean;
  timeoutMs?: number;
  maxBytes?: number;
}

export type FetchOutcome = { ok: true; file: WellKnownFile } | { ok: false; error: string };

async function readCapped(response: Response, maxBytes: number): Promise<string | null> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) return null;
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Fetches and validates one domain's wegov.json; never throws. */
export async function fetchWellKnown(rawDomain: string, policy: FetchPolicy): Promise<FetchOutcome> {
  const domain = normalizeDomain(rawDomain);
  if (!domain) return { ok: false, error: 'invalid_domain' };
  const host = hostOf(domain);
  const local = isLocalhost(host);
  if (local && !policy.allowLocalHttp) return { ok: false, error: 'private_address' };
  if (!local) {
    if (isIP(host)) return { ok: false, error: 'ip_literal' };
    try {
      const addresses = await lookup(host, { all: true });
      if (addresses.length === 0 || addresses.some((a) => isPrivateAddress(a.address))) return { ok: false, error: 'private_address' };
    } catch {
      return { ok: false, error: 'dns_failed' };
    }
  }
  const origin = `${local ? 'http' : 'https'}://${domain}`;
  const signal = AbortSignal.timeout(policy.timeoutMs ?? FETCH_TIMEOUT_MS);
  try {
    let url = new URL(WELL_KNOWN_PATH, origin);
    for (let hop = 0; ; hop++) {
      const response = await policy.fetch(url, { redirect: 'manual', signal, headers: { accept: 'application/json' } });
      if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel();
        const location = response.headers.get('location');
        const next = location ? new URL(location, url) : null;
        // Same host only: a redirect must not turn the checker into a proxy for other hosts.
        if (!next || next.host !== url.host || hop >= MAX_REDIRECTS || (next.protocol !== 'https:' && !local)) {
          return { ok: false, error: 'redirect_refused' };
        }
        url = next;
        continue;
      }
      if (response.status !== 200) {
        await response.body?.cancel();
        return { ok: false, error: `http_${response.status}` };
      }
      const body = await readCapped(response, policy.maxBytes ?? MAX_FILE_BYTES);
      if (body === null) return { ok: false, error: 'too_large' };
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        return { ok: false, error: 'invalid_json' };
      }
      const parsed = WellKnownFile.safeParse(json);
      return parsed.success ? { ok: true, file: parsed.data } : { ok: false, error: 'invalid_format' };
    }
  } catch {
    return { ok: false, error: signal.aborted ? 'timeout' : 'fetch_failed' };
  }
}

export function listsAccount(file: WellKnownFile, account: { wechatId: string | null; originalId: string | null }): boolean {
  return file.accounts.some(
    (a) =>
      (a.wechatId && account.wechatId && a.wechatId.toLowerCase() === account.wechatId.toLowerCase()) ||
      (a.originalId && account.originalId && a.originalId === account.originalId),
  );
}

export interface DomainVerificationSummary {
  checked: number;
  verified: number;
  delisted: number;
  failed: number;
}

/**
 * Checks every domain claim once. Listed → the claim is verified and the account is marked
 * "verified by <domain>" (unless WeChat certification already verifies it). A valid file that
 * no longer lists the account → the claim is delisted and a domain-only verification is
 * withdrawn. A file that cannot be fetched or read changes nothing but the error note: an
 * outage of the department's web site must not un-verify its accounts.
 */
export async function runDomainVerification(args: {
  db: Db;
  fetch?: typeof fetch;
  now?: Date;
  allowLocalHttp?: boolean;
}): Promise<DomainVerificationSummary> {
  const { db } = args;
  const now = args.now ?? new Date();
  const policy: FetchPolicy = {
    fetch: args.fetch ?? fetch,
    allowLocalHttp: args.allowLocalHttp ?? env().NODE_ENV !== 'production',
  };
  const claims = await db
    .select({
      id: domainClaims.id,
      domain: domainClaims.domain,
      status: domainClaims.status,
      accountId: accounts.id,
      wechatId: accounts.wechatId,
      originalId: accounts.originalId,
      verified: accounts.verified,
      method: accounts.verificationMethod,
      verificationDomain: accounts.verificationDomain,
    })
    .from(domainClaims)
    .innerJoin(accounts, eq(accounts.id, domainClaims.accountId));
  const summary: DomainVerificationSummary = { checked: 0, verified: 0, delisted: 0, failed: 0 };
  const byDomain = new Map<string, typeof claims>();
  for (const claim of claims) byDomain.set(claim.domain, [...(byDomain.get(claim.domain) ?? []), claim]);

  for (const [domain, group] of byDomain) {
    const outcome = await fetchWellKnown(domain, policy);
    for (const claim of group) {
      summary.checked += 1;
      if (!outcome.ok) {
        summary.failed += 1;
        log.warn('directory.domain_check_failed', { domain, error: outcome.error });
        await db.update(domainClaims).set({ lastCheckedAt: now, lastError: outcome.error }).where(eq(domainClaims.id, claim.id));
        continue;
      }
      const listed = listsAccount(outcome.file, claim);
      await db.transaction(async (tx) => {
        if (listed) {
          summary.verified += 1;
          await tx
            .update(domainClaims)
            .set({ status: 'verified', lastCheckedAt: now, lastListedAt: now, lastError: null })
            .where(eq(domainClaims.id, claim.id));
          // WeChat's own certification stays the primary proof; the domain proof fills in otherwise.
          if (!claim.verified || claim.method === 'domain') {
            await tx
              .update(accounts)
              .set({
                verified: true,
                verificationMethod: 'domain',
                verificationDomain: domain,
                verifiedBy: domain,
                verificationEvidence: `https://${domain}${WELL_KNOWN_PATH}`,
                ...(claim.verified && claim.verificationDomain === domain ? {} : { verifiedAt: now }),
                updatedAt: now,
              })
              .where(eq(accounts.id, claim.accountId));
          }
          if (claim.status !== 'verified') {
            await recordAudit({ db: tx as unknown as Db, action: 'directory.domain_verified', accountId: claim.accountId, entityType: 'domain_claim', entityId: claim.id, detail: { domain } });
          }
        } else {
          summary.delisted += 1;
          await tx.update(domainClaims).set({ status: 'delisted', lastCheckedAt: now, lastError: null }).where(eq(domainClaims.id, claim.id));
          if (claim.verified && claim.method === 'domain' && claim.verificationDomain === domain) {
            await tx
              .update(accounts)
              .set({ verified: false, updatedAt: now })
              .where(and(eq(accounts.id, claim.accountId), eq(accounts.verificationMethod, 'domain')));
          }
          if (claim.status !== 'delisted') {
            await recordAudit({ db: tx as unknown as Db, action: 'directory.domain_delisted', accountId: claim.accountId, entityType: 'domain_claim', entityId: claim.id, detail: { domain } });
          }
        }
      });
    }
  }
  return summary;
}

/** A platform admin registers "account X is proven by domain Y"; the next run checks it. */
export async function addDomainClaim(args: { db: Db; accountId: string; domain: string }): Promise<{ ok: true } | { ok: false; error: 'invalid_domain' }> {
  const domain = normalizeDomain(args.domain);
  if (!domain) return { ok: false, error: 'invalid_domain' };
  await args.db.insert(domainClaims).values({ accountId: args.accountId, domain }).onConflictDoNothing();
  return { ok: true };
}

export async function listDomainClaims(db: Db) {
  return db
    .select({
      id: domainClaims.id,
      domain: domainClaims.domain,
      status: domainClaims.status,
      lastCheckedAt: domainClaims.lastCheckedAt,
      lastListedAt: domainClaims.lastListedAt,
      lastError: domainClaims.lastError,
      slug: accounts.slug,
      name: accounts.name,
    })
    .from(domainClaims)
    .innerJoin(accounts, eq(accounts.id, domainClaims.accountId))
    .orderBy(domainClaims.domain, accounts.name);
}

