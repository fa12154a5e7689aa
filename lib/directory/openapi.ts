import { ACCOUNT_CATEGORIES, MAX_PAGE_SIZE } from './search-accounts';

/** OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json and shown on /developers. */
const str = { type: 'string' } as const;
const nullableStr = { type: ['string', 'null'] } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

const pageParams = [
  { name: 'cursor', in: 'query', description: 'Opaque cursor from the previous page\'s `nextCursor`.', schema: { type: 'string', maxLength: 300 } },
  { name: 'limit', in: 'query', description: `Page size, 1–${MAX_PAGE_SIZE} (default 20).`, schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE } },
];
const regionParam = { name: 'region', in: 'query', description: 'Region code (GB/T 2260); a city includes its districts.', schema: { type: 'string', pattern: '^\\d{6,12}$' } };
const categoryParam = { name: 'category', in: 'query', schema: { type: 'string', enum: [...ACCOUNT_CATEGORIES] } };

export function openApiDocument(serverUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'WeGov open data API',
      version: '1.0.0',
      description:
        'Government WeChat Official Accounts, whether an account is official, and their public events. Read-only, no authentication, CORS open. Responses carry an ETag (send If-None-Match for a 304) and are cacheable for 60 s.',
    },
    servers: [{ url: serverUrl }],
    paths: {
      '/api/v1/accounts': {
        get: {
          operationId: 'listAccounts',
          summary: 'Search the directory',
          description: 'Search understands simplified and traditional characters, full pinyin, pinyin initials, WeChat ids and partial words. Exact name matches come first.',
          parameters: [
            { name: 'q', in: 'query', schema: { type: 'string', maxLength: 100 } },
            regionParam,
            categoryParam,
            { name: 'verified', in: 'query', schema: { type: 'string', enum: ['true', 'false'] } },
            ...pageParams,
          ],
          responses: {
            '200': { description: 'A page of accounts', content: { 'application/json': { schema: { $ref: '#/components/schemas/AccountPage' } } } },
            '400': errorResponse('Invalid parameter (e.g. q longer than 100 characters, bad cursor)'),
          },
        },
      },
      '/api/v1/accounts/{slug}': {
        get: {
          operationId: 'getAccount',
          summary: 'One account',
          parameters: [{ name: 'slug', in: 'path', required: true, schema: str }],
          responses: {
            '200': { description: 'The account', content: { 'application/json': { schema: { type: 'object', properties: { data: { $ref: '#/components/schemas/Account' } }, required: ['data'] } } } },
            '404': errorResponse('No such account'),
          },
        },
      },
      '/api/v1/verify': {
        get: {
          operationId: 'verifyAccount',
          summary: 'Is this name or WeChat id an official account?',
          parameters: [{ name: 'q', in: 'query', required: true, description: 'Account name, WeChat id or original id (gh_…)', schema: { type: 'string', minLength: 1, maxLength: 100 } }],
          responses: {
            '200': { description: 'The answer', content: { 'application/json': { schema: { $ref: '#/components/schemas/Verification' } } } },
            '400': errorResponse('Missing or too long q'),
          },
        },
      },
      '/api/v1/events': {
        get: {
          operationId: 'listEvents',
          summary: 'Upcoming public events',
          parameters: [
            { name: 'account', in: 'query', description: 'Account slug', schema: str },
            regionParam,
            categoryParam,
            { name: 'from', in: 'query', description: 'Events still running at or after this time (default now)', schema: dateTime },
            { name: 'to', in: 'query', description: 'Events starting before this time', schema: dateTime },
            ...pageParams,
          ],
          responses: {
            '200': { description: 'A page of events, soonest first', content: { 'application/json': { schema: { $ref: '#/components/schemas/EventPage' } } } },
            '400': errorResponse('Invalid parameter'),
          },
        },
      },
    },
    components: {
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string', enum: ['bad_request', 'not_found', 'method_not_allowed', 'internal'] }, message: str } } },
        },
        Account: {
          type: 'object',
          required: ['slug', 'name', 'wechatId', 'type', 'verified', 'region', 'category'],
          properties: {
            slug: str,
            name: str,
            wechatId: nullableStr,
            originalId: nullableStr,
            type: { type: 'string', enum: ['subscription', 'service'] },
            category: { type: 'string', enum: [...ACCOUNT_CATEGORIES] },
            verified: { type: 'boolean', description: 'Official: verified and not flagged as an impostor' },
            flaggedImpostor: { type: 'boolean' },
            verification: {
              type: ['object', 'null'],
              properties: { method: { type: 'string', enum: ['wechat_certified', 'domain', 'manual'] }, by: nullableStr, at: { type: ['string', 'null'], format: 'date-time' }, domain: nullableStr },
            },
            region: { type: ['object', 'null'], properties: { code: str, name: str, nameEn: str } },
            department: nullableStr,
            description: str,
            avatarUrl: { type: ['string', 'null'], format: 'uri', description: "The account's WeChat avatar as registered, to compare with the one WeChat shows" },
            followerBand: { type: 'string', enum: ['1m+', '100k+', '10k+', '1k+', '<1k'] },
            followUrl: { type: ['string', 'null'], format: 'uri' },
            url: { type: 'string', format: 'uri' },
            qrCodeUrl: { type: 'string', format: 'uri' },
          },
        },
        AccountPage: {
          type: 'object',
          required: ['data', 'nextCursor'],
          properties: { data: { type: 'array', items: { $ref: '#/components/schemas/Account' } }, nextCursor: nullableStr },
        },
        Verification: {
          type: 'object',
          required: ['official', 'status'],
          properties: {
            query: str,
            official: { type: 'boolean' },
            status: { type: 'string', enum: ['official', 'not_official', 'unknown'] },
            account: { oneOf: [{ $ref: '#/components/schemas/Account' }, { type: 'null' }] },
            matches: {
              type: 'array',
              items: { $ref: '#/components/schemas/Account' },
              description: 'Every listed account with exactly this name, WeChat id or original id, official ones first: tell them apart by wechatId and originalId',
            },
            lookalikeOf: { oneOf: [{ $ref: '#/components/schemas/Account' }, { type: 'null' }], description: 'The official account this name looks like: follow it instead' },
          },
        },
        Event: {
          type: 'object',
          required: ['id', 'account', 'title', 'startsAt', 'endsAt', 'place', 'capacity', 'registeredCount', 'waitlistCount', 'registrationKeyword'],
          properties: {
            id: { type: 'integer' },
            account: { type: 'string', description: 'Account slug' },
            accountName: str,
            title: str,
            description: str,
            startsAt: dateTime,
            endsAt: dateTime,
            place: nullableStr,
            address: nullableStr,
            capacity: { type: ['integer', 'null'] },
            registeredCount: { type: 'integer' },
            waitlistCount: { type: 'integer' },
            registrationKeyword: { type: 'string', examples: ['报名 1001'] },
            registrationClosesAt: { type: ['string', 'null'], format: 'date-time' },
            tags: { type: 'array', items: str },
            url: { type: 'string', format: 'uri' },
          },
        },
        EventPage: {
          type: 'object',
          required: ['data', 'nextCursor'],
          properties: { data: { type: 'array', items: { $ref: '#/components/schemas/Event' } }, nextCursor: nullableStr },
        },
      },
    },
  };
}

/**
 * A request to try for each path on /developers, against the demo's accounts: the verify
 * example is a look-alike, so the answer shows what `official: false` looks like.
 */
export function exampleRequest(path: string): string {
  if (path.includes('{slug}')) return path.replace('{slug}', 'zhaoqing-police');
  if (path === '/api/v1/verify') return '/api/v1/verify?q=中山市公安局';
  return path;
}
