import { sql, type SQL } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * One schema for PGlite and PostgreSQL. Column names are snake_case through drizzle's
 * `casing` option; every timestamp carries a time zone; uniqueness and "exactly once"
 * live here as constraints, not as checks in code.
 */

const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();
const tstz = () => timestamp({ withTimezone: true });
const id64 = () => bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity();
const ref64 = () => bigint({ mode: 'number' });

// ── enums ──────────────────────────────────────────────────────────────────────────────
export const accountType = pgEnum('account_type', ['subscription', 'service']);
export const messageMode = pgEnum('message_mode', ['plaintext', 'compatible', 'safe']);
export const accountCategory = pgEnum('account_category', [
  'government',
  'police',
  'youth',
  'weather',
  'emergency',
  'transport',
  'health',
  'education',
  'culture',
  'environment',
  'social_security',
  'other',
]);
export const verificationMethod = pgEnum('verification_method', ['wechat_certified', 'domain', 'manual']);
export const regionLevel = pgEnum('region_level', ['province', 'city', 'district']);
export const memberRole = pgEnum('member_role', ['account_admin', 'editor', 'reviewer', 'agent']);
export const quotaWindow = pgEnum('quota_window', ['day', 'month']);
export const conversationStatus = pgEnum('conversation_status', ['open', 'pending', 'resolved']);
export const messageDirection = pgEnum('message_direction', ['inbound', 'outbound']);
export const deliveryState = pgEnum('delivery_state', [
  'passive',
  'queued',
  'waiting_for_citizen',
  'sending',
  'sent',
  'failed',
  'unknown',
]);
export const ruleKind = pgEnum('rule_kind', ['subscribe', 'keyword', 'click', 'default']);
export const matchType = pgEnum('match_type', ['exact', 'contains', 'regex']);
export const eventStatus = pgEnum('event_status', ['draft', 'published', 'postponed', 'cancelled', 'completed']);
export const registrationStatus = pgEnum('registration_status', ['confirmed', 'waitlisted', 'cancelled']);
export const registrationSource = pgEnum('registration_source', ['wechat_qr', 'keyword', 'web', 'staff']);
export const broadcastStatus = pgEnum('broadcast_status', [
  'draft',
  'in_review',
  'returned',
  'approved',
  'scheduled',
  'sending',
  'sent',
  'failed',
  'cancelled',
]);
export const jobStatus = pgEnum('job_status', ['pending', 'running', 'done', 'failed', 'dead']);
export const reportStatus = pgEnum('report_status', ['open', 'confirmed_impostor', 'dismissed']);

// ── directory ──────────────────────────────────────────────────────────────────────────
export const regions = pgTable('regions', {
  code: text().primaryKey(),
  name: text().notNull(),
  nameEn: text().notNull(),
  level: regionLevel().notNull(),
  parentCode: text(),
});

export const accounts = pgTable(
  'accounts',
  {
    id: uuid().primaryKey().defaultRandom(),
    slug: text().notNull(),
    name: text().notNull(),
    wechatId: text(),
    originalId: text(),
    type: accountType().notNull(),
    category: accountCategory().notNull(),
    regionCode: text().references(() => regions.code),
    department: text(),
    description: text().notNull().default(''),
    avatarUrl: text(),
    /** What the follow QR code encodes: the account's official follow link. */
    followUrl: text(),
    verified: boolean().notNull().default(false),
    verifiedBy: text(),
    verifiedAt: tstz(),
    verificationMethod: verificationMethod(),
    verificationDomain: text(),
    verificationEvidence: text(),
    /** Known impostor: listed so /verify can warn, never shown as official. */
    flaggedImpostor: boolean().notNull().default(false),
    followerCount: integer().notNull().default(0),
    // WeChat credentials. app_secret is encrypted at rest (lib/crypto/secret-box).
    appId: text(),
    appSecretEncrypted: text(),
    token: text(),
    encodingAesKey: text(),
    previousEncodingAesKey: text(),
    previousKeyValidUntil: tstz(),
    messageMode: messageMode().notNull().default('safe'),
    menu: jsonb(),
    /**
     * The old calendar-hours target, read by nothing since due times count working time
     * (first_response_working_hours, docs/citizen-service.md); kept so old rows migrate as they are.
     */
    serviceTargetHours: integer().notNull().default(24),
    broadcastQuotaLimit: integer().notNull().default(1),
    broadcastQuotaWindow: quotaWindow().notNull().default('day'),
    /** Template (docs/wechat-protocol.md §6.7) for event reminders/notices when the 48 h window is closed. */
    reminderTemplateId: text(),
    /**
     * Office hours in Asia/Shanghai (docs/citizen-service.md): `{ "1": [[540, 720], [810, 1050]], … }`,
     * ISO weekday → [start, end) minutes of the day. Null means the default (Mon–Fri 9:00–12:00,
     * 13:30–17:30). Holidays and swapped working days live in `service_calendar_days`.
     */
    officeHours: jsonb(),
    /** Working hours within which a new inquiry gets its first answer. */
    firstResponseWorkingHours: integer().notNull().default(4),
    /** Working days within which an inquiry is resolved. */
    resolutionWorkingDays: integer().notNull().default(5),
    /** Readable prefix of this account's case numbers (`ZS` in `ZS-261201-4F7K`); null: from the slug. */
    casePrefix: text(),
    // ── broadcasts (docs/broadcasts.md) ──
    /** A new account may push only to its guest list until an account admin turns this off. */
    trialMode: boolean().notNull().default(true),
    /** Each follower receives at most this many pushes a calendar month (service accounts: 4); null: no cap. */
    broadcastFollowerMonthlyCap: integer(),
    /** Names of the review levels, in order (1 to 3), e.g. 编辑初审 → 科室复审 → 领导终审. */
    reviewLevels: text().array().notNull().default(sql`'{审核}'::text[]`),
    /** Hosts a broadcast may link to besides the directory itself; any other link is flagged. */
    allowedLinkDomains: text().array().notNull().default(sql`'{}'::text[]`),
    // ── custom menu (docs/admin.md) ──
    /** The menu being edited; `menu` is what was last published to WeChat. */
    menuDraft: jsonb(),
    menuPublishedAt: tstz(),
    /** The last probe of the menu's links: `[{ url, ok, status?, error?, checkedAt }]`. */
    menuLinkReport: jsonb(),
    disabledAt: tstz(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
    /**
     * Search spellings SQL cannot compute (simplified form of a traditional name, full pinyin,
     * pinyin initials), kept current by lib/directory/search-text.ts. `search_text` joins them
     * with the live name and WeChat id, so a renamed account is still found by its new name.
     */
    searchExtra: text().notNull().default(''),
    searchText: text().generatedAlwaysAs(
      (): SQL => sql`lower(${accounts.name} || ' ' || coalesce(${accounts.wechatId}, '') || ' ' || ${accounts.searchExtra})`,
    ),
  },
  (t) => [
    uniqueIndex('accounts_slug_key').on(t.slug),
    uniqueIndex('accounts_app_id_key').on(t.appId),
    index('accounts_region_idx').on(t.regionCode),
    index('accounts_category_idx').on(t.category),
    // Directory search: ILIKE '%q%' over every spelling, served by trigrams (docs/directory.md).
    index('accounts_search_trgm_idx').using('gin', t.searchText.op('gin_trgm_ops')),
    check('accounts_review_levels', sql`cardinality(${t.reviewLevels}) between 1 and 3`),
  ],
);

export const accountReports = pgTable('account_reports', {
  id: id64(),
  reportedName: text().notNull(),
  reportedWechatId: text(),
  reason: text().notNull(),
  reporterKey: text().notNull(),
  status: reportStatus().notNull().default('open'),
  resolvedBy: uuid().references(() => users.id),
  resolvedAt: tstz(),
  createdAt: createdAt(),
});

// ── staff ──────────────────────────────────────────────────────────────────────────────
export const users = pgTable(
  'users',
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull(),
    name: text().notNull(),
    passwordHash: text().notNull(),
    isPlatformAdmin: boolean().notNull().default(false),
    /** Bumped on logout-everywhere, password change or disable: old JWTs stop working. */
    sessionVersion: integer().notNull().default(1),
    locale: text().notNull().default('zh-CN'),
    disabledAt: tstz(),
    lastLoginAt: tstz(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('users_email_key').on(sql`lower(${t.email})`)],
);

/**
 * One row per sign-in (docs/reliability.md E10, E11): the session JWT carries this row's id
 * (`sid`), and every request that trusts the JWT also checks here that the session has not
 * been ended (sign-out, sign-out everywhere, password or role change, disable) and has not
 * passed its absolute lifetime, which nothing extends. Also what a "your sessions" screen lists.
 */
export const userSessions = pgTable(
  'user_sessions',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    /** Sign-in time plus the absolute lifetime; refreshing the JWT never moves it. */
    expiresAt: tstz().notNull(),
    endedAt: tstz(),
    endReason: text(),
    ip: text(),
    userAgent: text(),
  },
  (t) => [index('user_sessions_user_idx').on(t.userId)],
);

export const memberships = pgTable(
  'memberships',
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    role: memberRole().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.accountId] }), index('memberships_account_idx').on(t.accountId)],
);

/** Fixed-window counters for login throttling and citizen reports (docs/reliability.md E1, E2). */
export const rateLimits = pgTable('rate_limits', {
  key: text().primaryKey(),
  count: integer().notNull(),
  windowStartedAt: tstz().notNull(),
});

export const auditLog = pgTable(
  'audit_log',
  {
    id: id64(),
    at: createdAt(),
    actorId: uuid(),
    accountId: uuid(),
    action: text().notNull(),
    entityType: text(),
    entityId: text(),
    detail: jsonb(),
    ip: text(),
  },
  (t) => [index('audit_log_account_at_idx').on(t.accountId, t.at)],
);

// ── followers ──────────────────────────────────────────────────────────────────────────
export const followers = pgTable(
  'followers',
  {
    id: id64(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    openid: text().notNull(),
    subscribed: boolean().notNull().default(false),
    subscribedAt: tstz(),
    unsubscribedAt: tstz(),
    /** The QR scene the citizen followed through (e.g. `directory`, `event:1024`). */
    source: text(),
    // Profile data the citizen gave us; removed on unsubscribe as WeChat requires.
    displayName: text(),
    phone: text(),
    remark: text(),
    lastInboundAt: tstz(),
    lastInteractionAt: tstz(),
    lastInteractionKind: text(),
    /**
     * True while a staff reply may be waiting for this citizen's next message. Set by the
     * trigger `followers_mark_waiting_reply` (migration 0003) whenever a message row enters
     * `waiting_for_citizen`; cleared by ingest once none is left. It may be stale-true (a waiting
     * reply was deleted), never stale-false, so the webhook's one-statement lane can trust a
     * `false` and leave waiting replies to the transactional path (lib/inbox/store-inquiry.ts).
     */
    hasWaitingReplies: boolean().notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('followers_account_openid_key').on(t.accountId, t.openid),
    index('followers_account_subscribed_idx').on(t.accountId, t.subscribed),
  ],
);

export const tags = pgTable(
  'tags',
  {
    id: id64(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    wechatTagId: integer(),
    /** Citizens may join and leave it themselves (`订阅 交通`, `退订 交通`, a menu click). */
    selfService: boolean().notNull().default(false),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [uniqueIndex('tags_account_name_key').on(t.accountId, t.name)],
);

export const followerTags = pgTable(
  'follower_tags',
  {
    followerId: ref64()
      .notNull()
      .references(() => followers.id, { onDelete: 'cascade' }),
    tagId: ref64()
      .notNull()
      .references(() => tags.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.followerId, t.tagId] }), index('follower_tags_tag_idx').on(t.tagId)],
);

// ── inbox ──────────────────────────────────────────────────────────────────────────────
export const conversations = pgTable(
  'conversations',
  {
    id: id64(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    followerId: ref64()
      .notNull()
      .references(() => followers.id, { onDelete: 'cascade' }),
    status: conversationStatus().notNull().default('open'),
    assigneeId: uuid().references(() => users.id, { onDelete: 'set null' }),
    openedAt: createdAt(),
    lastMessageAt: tstz().notNull().defaultNow(),
    lastInboundAt: tstz(),
    firstResponseAt: tstz(),
    resolvedAt: tstz(),
    dueAt: tstz(),
    /** When the inquiry should be resolved, counted in working time (docs/citizen-service.md). */
    resolutionDueAt: tstz(),
    /** Readable, unguessable, unique per account (`ZS-261201-4F7K`); given with the first answer. */
    caseNumber: text(),
    /** When the citizen was asked to rate (好差评) after staff resolved it. */
    ratingRequestedAt: tstz(),
    rating: smallint(),
    ratedAt: tstz(),
    unreadCount: integer().notNull().default(0),
    preview: text().notNull().default(''),
    referredFromId: ref64(),
  },
  (t) => [
    // One thread in progress per citizen: concurrent first messages cannot open two.
    uniqueIndex('conversations_one_active_key')
      .on(t.accountId, t.followerId)
      .where(sql`status <> 'resolved'`),
    index('conversations_account_activity_idx').on(t.accountId, t.lastMessageAt.desc(), t.id.desc()),
    index('conversations_assignee_idx').on(t.assigneeId, t.lastMessageAt.desc()),
    // Platform admins list every account's conversations: one ordered scan, no sort (docs/inbox.md).
    index('conversations_activity_idx').on(t.lastMessageAt.desc(), t.id.desc()),
    // The default inbox view (not resolved): old resolved threads never have to be skipped.
    index('conversations_active_activity_idx')
      .on(t.accountId, t.lastMessageAt.desc(), t.id.desc())
      .where(sql`status <> 'resolved'`),
    // "Mine" / "unassigned" per account, newest first.
    index('conversations_account_assignee_idx').on(t.accountId, t.assigneeId, t.lastMessageAt.desc(), t.id.desc()),
    // A citizen's previous conversations on the conversation screen.
    index('conversations_follower_idx').on(t.followerId),
    // The unread badge counts only threads with something unread: a tiny partial index.
    index('conversations_unread_idx').on(t.accountId).where(sql`unread_count > 0 and status <> 'resolved'`),
    uniqueIndex('conversations_case_number_key').on(t.accountId, t.caseNumber),
    check('conversations_rating_range', sql`${t.rating} between 1 and 5`),
  ],
);

export const messages = pgTable(
  'messages',
  {
    id: id64(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    followerId: ref64().references(() => followers.id, { onDelete: 'set null' }),
    conversationId: ref64().references(() => conversations.id, { onDelete: 'set null' }),
    direction: messageDirection().notNull(),
    /** Inbound only: `m:<MsgId>` or `e:<from>:<time>:<event>:<key>`; WeChat retries collide here. */
    dedupKey: text(),
    msgType: text().notNull(),
    event: text(),
    /** Searchable text: Content, voice Recognition, location Label, link title, menu key. */
    content: text(),
    payload: jsonb().notNull(),
    /** The passive reply decided with the first delivery, so every retry gets the same answer. */
    reply: jsonb(),
    authorId: uuid().references(() => users.id, { onDelete: 'set null' }),
    deliveryState: deliveryState(),
    deliveryError: text(),
    /** When WeChat accepted an outbound message (custom/send) or it went out as a passive reply. */
    deliveredAt: tstz(),
    wechatCreatedAt: tstz(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('messages_account_dedup_key').on(t.accountId, t.dedupKey),
    index('messages_conversation_idx').on(t.conversationId, t.id),
    index('messages_account_created_idx').on(t.accountId, t.createdAt.desc()),
    // Replies held for the citizen's next message (they become its passive reply).
    index('messages_waiting_idx').on(t.followerId, t.id).where(sql`delivery_state = 'waiting_for_citizen'`),
    // Customer-service messages already spent in the current 48 h window.
    index('messages_follower_outbound_idx').on(t.followerId, t.createdAt).where(sql`direction = 'outbound'`),
    // Inbox message search (ILIKE '%q%') and reply suggestions (pg_trgm similarity) (docs/inbox.md).
    index('messages_content_trgm_idx').using('gin', t.content.op('gin_trgm_ops')),
  ],
);

/** Authenticated payloads WeChat sent that we could not understand: kept for staff, acked with 200. */
export const quarantinedPayloads = pgTable('quarantined_payloads', {
  id: id64(),
  accountId: uuid()
    .notNull()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  reason: text().notNull(),
  payload: text().notNull(),
  receivedAt: createdAt(),
});

export const conversationNotes = pgTable(
  'conversation_notes',
  {
    id: id64(),
    conversationId: ref64()
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    authorId: uuid().references(() => users.id, { onDelete: 'set null' }),
    body: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('conversation_notes_conversation_idx').on(t.conversationId)],
);

export const cannedReplies = pgTable(
  'canned_replies',
  {
    id: id64(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    title: text().notNull(),
    body: text().notNull(),
    /** Order staff chose (smallest first); ties by id. */
    position: integer().notNull().default(0),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [index('canned_replies_account_idx').on(t.accountId, t.position)],
);

export const autoReplyRules = pgTable(
  'auto_reply_rules',
  {
    id: id64(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    kind: ruleKind().notNull(),
    matchType: matchType(),
    /** Keyword text, or the menu button key for `click` rules. */
    pattern: text(),
    /** A PassiveReply (lib/wechat/reply.ts). */
    reply: jsonb().notNull(),
    priority: integer().notNull().default(100),
    enabled: boolean().notNull().default(true),
    /**
     * Optional active hours in Asia/Shanghai, minutes of the day [from, until); until < from wraps
     * past midnight (22:00–07:00). Both null: always active.
     */
    activeFromMinute: integer(),
    activeUntilMinute: integer(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [
    index('auto_reply_rules_account_idx').on(t.accountId, t.kind),
    check(
      'auto_reply_rules_active_hours',
      sql`(${t.activeFromMinute} is null) = (${t.activeUntilMinute} is null) and coalesce(${t.activeFromMinute}, 0) between 0 and 1439 and coalesce(${t.activeUntilMinute}, 0) between 0 and 1440`,
    ),
  ],
);

// ── events ─────────────────────────────────────────────────────────────────────────────
export const events = pgTable(
  'events',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity({ startWith: 1001 }),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    title: text().notNull(),
    body: text().notNull().default(''),
    coverUrl: text(),
    placeName: text(),
    address: text(),
    latitude: doublePrecision(),
    longitude: doublePrecision(),
    startsAt: tstz().notNull(),
    endsAt: tstz().notNull(),
    capacity: integer(),
    registrationOpensAt: tstz(),
    registrationClosesAt: tstz(),
    interestTags: text().array().notNull().default(sql`'{}'::text[]`),
    contact: text(),
    status: eventStatus().notNull().default('draft'),
    outcomeNote: text(),
    outcomePhotos: text().array().notNull().default(sql`'{}'::text[]`),
    /** Parametric QR codes (qrcode/create, verified service accounts only): register and check in. */
    registrationQrUrl: text(),
    checkinQrUrl: text(),
    qrExpiresAt: tstz(),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [
    index('events_account_starts_idx').on(t.accountId, t.startsAt),
    index('events_status_starts_idx').on(t.status, t.startsAt),
    check('events_time_order', sql`${t.endsAt} >= ${t.startsAt}`),
  ],
);

export const registrations = pgTable(
  'registrations',
  {
    id: id64(),
    eventId: integer()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    followerId: ref64().references(() => followers.id, { onDelete: 'set null' }),
    name: text(),
    phone: text(),
    status: registrationStatus().notNull(),
    source: registrationSource().notNull(),
    checkedInAt: tstz(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [
    // Registering the same follower twice counts once.
    uniqueIndex('registrations_event_follower_key').on(t.eventId, t.followerId),
    // Web registrations have no follower: the same phone registers once per event.
    uniqueIndex('registrations_event_phone_key').on(t.eventId, t.phone).where(sql`follower_id is null`),
    index('registrations_event_status_idx').on(t.eventId, t.status, t.createdAt),
  ],
);

// ── broadcasts ─────────────────────────────────────────────────────────────────────────
export const broadcasts = pgTable(
  'broadcasts',
  {
    id: id64(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    title: text().notNull(),
    /** `text`, `image` or `news` (up to 8 articles); `content` holds the body (docs/broadcasts.md). */
    msgType: text().notNull(),
    content: jsonb().notNull(),
    /** `all`, `tag` (targetTagId) or `openids` (targetOpenids, sent with mass/send). */
    targetKind: text().notNull().default('all'),
    targetTagId: ref64().references(() => tags.id, { onDelete: 'set null' }),
    targetOpenids: text().array(),
    /** The review level it waits for (1-based); 0 before it is submitted. */
    reviewLevel: integer().notNull().default(0),
    /** Bumped each time it is sent back, so a new round's approvals start empty. */
    reviewRound: integer().notNull().default(1),
    /** The quota period a send spent (`2026-12-01` or `2026-12`, Asia/Shanghai); null until then. */
    quotaPeriod: text(),
    audienceCount: integer(),
    status: broadcastStatus().notNull().default('draft'),
    authorId: uuid().references(() => users.id, { onDelete: 'set null' }),
    approverId: uuid().references(() => users.id, { onDelete: 'set null' }),
    scheduledAt: tstz(),
    sentAt: tstz(),
    clientMsgId: text(),
    wechatMsgId: text(),
    totalCount: integer(),
    sentCount: integer(),
    errorCount: integer(),
    filterCount: integer(),
    /** WeChat's status word from MASSSENDJOBFINISH (`send success`, `err(10001)`…). */
    reportStatus: text(),
    // Publishing without a push (draft/add + freepublish/submit, PUBLISHJOBFINISH).
    draftMediaId: text(),
    publishId: text(),
    publishStatus: text(),
    /** Article links WeChat returned with PUBLISHJOBFINISH. */
    publishedUrls: text().array(),
    publishedAt: tstz(),
    /** Shown in the directory's archive on the account page. */
    archivedAt: tstz(),
    updatedAt: createdAt(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('broadcasts_client_msg_id_key').on(t.clientMsgId),
    index('broadcasts_publish_idx').on(t.accountId, t.publishId),
    index('broadcasts_archive_idx').on(t.accountId, t.archivedAt.desc()).where(sql`archived_at is not null`),
    index('broadcasts_account_idx').on(t.accountId, t.createdAt),
    index('broadcasts_wechat_msg_idx').on(t.accountId, t.wechatMsgId),
    check('broadcasts_four_eyes', sql`${t.approverId} IS NULL OR ${t.approverId} <> ${t.authorId}`),
  ],
);

// ── outbound WeChat ────────────────────────────────────────────────────────────────────
/** Durable outbox: every outbound WeChat call is a row, claimed with FOR UPDATE SKIP LOCKED. */
export const jobs = pgTable(
  'jobs',
  {
    id: id64(),
    kind: text().notNull(),
    accountId: uuid().references(() => accounts.id, { onDelete: 'cascade' }),
    payload: jsonb().notNull(),
    status: jobStatus().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    maxAttempts: integer().notNull().default(5),
    runAt: tstz().notNull().defaultNow(),
    lockedUntil: tstz(),
    lastError: text(),
    idempotencyKey: text(),
    createdAt: createdAt(),
    finishedAt: tstz(),
  },
  (t) => [
    uniqueIndex('jobs_idempotency_key').on(t.idempotencyKey),
    index('jobs_due_idx').on(t.runAt).where(sql`status = 'pending'`),
    // Leases that ran out (a crashed worker) are found without scanning finished jobs.
    index('jobs_lease_idx').on(t.lockedUntil).where(sql`status = 'running'`),
  ],
);

/** One token per account, refreshed by one process at a time (row lock). */
export const accessTokens = pgTable('access_tokens', {
  accountId: uuid()
    .primaryKey()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  token: text().notNull(),
  expiresAt: tstz().notNull(),
  refreshedAt: createdAt(),
});

export type Account = typeof accounts.$inferSelect;
export type NewAccount = typeof accounts.$inferInsert;
export type User = typeof users.$inferSelect;
export type UserSession = typeof userSessions.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
export type MemberRole = (typeof memberRole.enumValues)[number];
export type Follower = typeof followers.$inferSelect;
export type Conversation = typeof conversations.$inferSelect;
export type Message = typeof messages.$inferSelect;
export type AutoReplyRule = typeof autoReplyRules.$inferSelect;
export type Event = typeof events.$inferSelect;
export type Registration = typeof registrations.$inferSelect;
export type Broadcast = typeof broadcasts.$inferSelect;
export type Job = typeof jobs.$inferSelect;
export type Region = typeof regions.$inferSelect;
