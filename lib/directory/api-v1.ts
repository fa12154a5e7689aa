import { z } from 'zod';
import type { Db } from '../../db/client';
import { env } from '../env';
import { errorFields, log } from '../log';
import { InvalidEventCursorError, listPublicEvents, type PublicEvent } from '../events/public-events';
import { apiError, apiJson, queryOf, zodMessage } from './api-http';
import { followUrlFor } from './follow-qr';
import { MAX_QUERY_LENGTH } from './normalize';
import type { PublicAccount } from './public-account';
import { ACCOUNT_CATEGORIES, getPublicAccount, InvalidCursorError, MAX_PAGE_SIZE, searchAccounts } from './search-accounts';
import { verifyAccount } from './verify-account';

/**
 * The open-data API (/api/v1). Field names here are a contract (docs/directory.md and
 * /api/v1/openapi.json): add fields, never rename or remove them.
 */
const region = z.string().regex(/^\d{6,12}$/, 'must be a region code such as 442000');
const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be an account slug');
const limit = z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional();
const cursor = z.string().max(300).optional();
/**
 * A search text: at most MAX_QUERY_LENGTH characters and no control characters but tab and line
 * breaks (which the folding turns into spaces). A NUL would otherwise reach PostgreSQL, which
 * refuses it in text (docs/reliability.md §2.2): a 500 instead of this 400.
 */
const searchText = z
  .string()
  .max(MAX_QUERY_LENGTH, `must be at most ${MAX_QUERY_LENGTH} characters`)
  .refine((v) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(v), 'must not contain control characters');

export const AccountsQuery = z.object({
  q: searchText.optional(),
  region: region.optional(),
  category: z.enum(ACCOUNT_CATEGORIES).optional(),
  verified: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true' || v === '1')),
  cursor,
  limit,
});

export const VerifyQuery = z.object({
  q: z.string().trim().min(1, 'is required').pipe(searchText),
});

export const EventsQuery = z
  .object({
    account: slug.optional(),
    region: region.optional(),
    category: z.enum(ACCOUNT_CATEGORIES).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    cursor,
    limit,
  })
  .refine((v) => !v.from || !v.to || new Date(v.from) < new Date(v.to), { message: 'from must be before to', path: ['to'] });

export function accountJson(account: PublicAccount) {
  const { baseUrl, simulatorEnabled } = env();
  return {
    slug: account.slug,
    name: account.name,
    wechatId: account.wechatId,
    originalId: account.originalId,
    type: account.type,
    category: account.category,
    verified: account.official,
    flaggedImpostor: account.flaggedImpostor,
    verification: account.verification
      ? { method: account.verification.method, by: account.verification.by, at: account.verification.at?.toISOString() ?? null, domain: account.verification.domain }
      : null,
    region: account.region ? { code: account.region.code, name: account.region.name, nameEn: account.region.nameEn } : null,
    department: account.department,
    description: account.description,
    avatarUrl: account.avatarUrl,
    followerBand: account.followerBand,
    followUrl: followUrlFor(account, { baseUrl, simulatorEnabled }),
    url: new URL(`/accounts/${account.slug}`, baseUrl).toString(),
    qrCodeUrl: new URL(`/accounts/${account.slug}/qr.png`, baseUrl).toString(),
  };
}

export function eventJson(event: PublicEvent) {
  return {
    id: event.id,
    account: event.account.slug,
    accountName: event.account.name,
    title: event.title,
    description: event.body,
    startsAt: event.startsAt.toISOString(),
    endsAt: event.endsAt.toISOString(),
    place: event.place,
    address: event.address,
    capacity: event.capacity,
    registeredCount: event.registeredCount,
    waitlistCount: event.waitlistCount,
    registrationKeyword: event.registrationKeyword,
    registrationClosesAt: event.registrationClosesAt?.toISOString() ?? null,
    tags: event.tags,
    url: new URL(`/events/${event.id}`, env().baseUrl).toString(),
  };
}

/** Unexpected failures answer a stable code; the details go to the log, never to the caller. */
async function guarded(route: string, work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    log.error('api.v1.failed', { route, ...errorFields(error) });
    return apiError('internal', 'Something went wrong. Try again later.');
  }
}

export function listAccountsResponse(request: Request, db: Db): Promise<Response> {
  return guarded('accounts', async () => {
    const parsed = AccountsQuery.safeParse(queryOf(request));
    if (!parsed.success) return apiError('bad_request', zodMessage(parsed.error));
    try {
      const result = await searchAccounts({ db, ...parsed.data });
      return apiJson(request, { data: result.items.map(accountJson), nextCursor: result.nextCursor });
    } catch (error) {
      if (error instanceof InvalidCursorError) return apiError('bad_request', 'cursor: invalid');
      throw error;
    }
  });
}

export function getAccountResponse(request: Request, db: Db, rawSlug: string): Promise<Response> {
  return guarded('account', async () => {
    const parsed = slug.safeParse(rawSlug);
    const account = parsed.success ? await getPublicAccount({ db, slug: parsed.data }) : null;
    if (!account) return apiError('not_found', 'No such account.');
    return apiJson(request, { data: accountJson(account) });
  });
}

export function verifyResponse(request: Request, db: Db): Promise<Response> {
  return guarded('verify', async () => {
    const parsed = VerifyQuery.safeParse(queryOf(request));
    if (!parsed.success) return apiError('bad_request', zodMessage(parsed.error));
    const result = await verifyAccount({ db, q: parsed.data.q });
    return apiJson(request, {
      query: parsed.data.q,
      official: result.official,
      status: result.status,
      account: result.account ? accountJson(result.account) : null,
      matches: result.matches.map(accountJson),
      lookalikeOf: result.lookalikeOf ? { ...accountJson(result.lookalikeOf.official), reason: result.lookalikeOf.reason } : null,
    });
  });
}

export function listEventsResponse(request: Request, db: Db): Promise<Response> {
  return guarded('events', async () => {
    const parsed = EventsQuery.safeParse(queryOf(request));
    if (!parsed.success) return apiError('bad_request', zodMessage(parsed.error));
    const { from, to, ...rest } = parsed.data;
    try {
      const result = await listPublicEvents({ db, ...rest, from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined });
      return apiJson(request, { data: result.items.map(eventJson), nextCursor: result.nextCursor });
    } catch (error) {
      if (error instanceof InvalidEventCursorError) return apiError('bad_request', 'cursor: invalid');
      throw error;
    }
  });
}
