import { count } from 'drizzle-orm';
import { hashPassword } from '../lib/auth/password';
import { sealAccountCredentials } from '../lib/crypto/credentials';
import { searchExtraFor } from '../lib/directory/normalize';
import { env } from '../lib/env';
import { ensureCalendarYear } from '../lib/service/calendar';
import { shanghaiDay } from '../lib/time/shanghai';
import type { Db } from './client';
import { demoAccounts, withPortalOrigin } from './demo/accounts';
import { seedDemoInquiries } from './demo/inquiries';
import { seedStarterWording } from '../lib/broadcasts/starter-wording';
import { demoRegions } from './demo/regions';
import { accounts, autoReplyRules, broadcasts, cannedReplies, events, memberships, regions, users } from './schema';

export const DEMO_PASSWORD = 'wegov-demo';
export const DEMO_LOGINS = [
  { email: 'admin@wegov.local', name: '平台管理员', platformAdmin: true, account: null },
  { email: 'youth@wegov.local', name: '团市委 小李', platformAdmin: false, account: 'zhongshan-youth' },
  { email: 'police@wegov.local', name: '肇庆公安 王警官', platformAdmin: false, account: 'zhaoqing-police' },
] as const;

/** The demo apps share this secret scheme with the WeChat simulator (lib/wechat/simulator). */
export function demoAppSecret(appId: string): string {
  return `demo-secret-${appId}`;
}

export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const [a] = await db.select({ n: count() }).from(accounts);
  const [u] = await db.select({ n: count() }).from(users);
  return (a?.n ?? 0) === 0 && (u?.n ?? 0) === 0;
}

/** Regions are reference data every deployment needs, demo or not. */
export async function seedRegions(db: Db): Promise<void> {
  await db.insert(regions).values(demoRegions).onConflictDoNothing();
}

/**
 * The demo: the two headline accounts (中山青年, 平安肇庆) with their published credentials, a
 * dozen other official ones, two look-alikes (中山市公安局 and 平安中山: opened by police officers
 * on their own, never verified, idle — Zhongshan's police has no verified account; see
 * db/demo/accounts.ts), three staff logins, auto-replies and upcoming events.
 * One transaction: a half-seeded database would look non-empty and never be completed.
 * Menu buttons and replies that link to the portal get `origin` (default: the configured
 * NEXTAUTH_URL, lib/env): WeChat opens a menu URL as it is, so it must be absolute.
 */
export async function seedDemo(db: Db, options: { secretKey: string; now?: Date; inquiries?: boolean; origin?: string }): Promise<void> {
  const now = options.now ?? new Date();
  const origin = options.origin ?? env().baseUrl;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    await tx.insert(regions).values(demoRegions).onConflictDoNothing();
    const accountIds = new Map<string, string>();
    for (const a of withPortalOrigin(demoAccounts, origin)) {
      const [row] = await tx
        .insert(accounts)
        .values({
          slug: a.slug,
          name: a.name,
          wechatId: a.wechatId,
          originalId: a.originalId,
          type: a.type,
          category: a.category,
          regionCode: a.regionCode,
          department: a.department,
          description: a.description,
          verified: a.verified,
          verifiedBy: a.verifiedBy ?? null,
          verifiedAt: a.verified ? new Date(now.getTime() - 180 * 86_400_000) : null,
          verificationMethod: a.verificationMethod ?? null,
          verificationDomain: a.verificationDomain ?? null,
          verificationEvidence: a.verificationEvidence ?? null,
          followUrl: a.followUrl ?? null,
          // Pinyin and traditional spellings for directory search (lib/directory/normalize.ts).
          searchExtra: searchExtraFor(a.name),
          followerCount: a.followerCount,
          appId: a.appId,
          // Every credential sealed at rest (lib/crypto/credentials.ts, docs/reliability.md J13).
          ...sealAccountCredentials({ appSecret: demoAppSecret(a.appId), token: a.token, encodingAesKey: a.encodingAesKey }, options.secretKey),
          messageMode: a.messageMode,
          menu: a.menu ?? null,
          serviceTargetHours: a.serviceTargetHours ?? 24,
          broadcastQuotaLimit: a.type === 'subscription' ? 1 : 4,
          broadcastQuotaWindow: a.type === 'subscription' ? 'day' : 'month',
        })
        .returning({ id: accounts.id });
      accountIds.set(a.slug, row!.id);
      // Every account starts with the starter wording list for the content check (docs/broadcasts.md).
      await seedStarterWording(tx, row!.id);
      // This year's national holidays and swapped workdays (docs/citizen-service.md, "Office hours").
      await ensureCalendarYear(tx, row!.id, Number(shanghaiDay(now).slice(0, 4)));
      if (a.rules?.length) {
        await tx.insert(autoReplyRules).values(
          a.rules.map((r, i) => ({
            accountId: row!.id,
            kind: r.kind,
            matchType: r.matchType ?? null,
            pattern: r.pattern ?? null,
            reply: r.reply,
            priority: r.priority ?? (i + 1) * 10,
          })),
        );
      }
      if (a.canned?.length) {
        await tx.insert(cannedReplies).values(a.canned.map((c) => ({ accountId: row!.id, ...c })));
      }
    }
    for (const login of DEMO_LOGINS) {
      const [user] = await tx
        .insert(users)
        .values({ email: login.email, name: login.name, passwordHash, isPlatformAdmin: login.platformAdmin })
        .returning({ id: users.id });
      if (login.account) {
        await tx.insert(memberships).values({ userId: user!.id, accountId: accountIds.get(login.account)!, role: 'account_admin' });
      }
    }
    const seeded = await tx.insert(events).values(demoEvents(accountIds, now)).returning({ id: events.id, title: events.title });
    await tx.insert(broadcasts).values(demoBroadcasts(accountIds, now, seeded));
  });
  // Citizens' questions waiting in the inboxes, for the demo only (tests start from empty inboxes).
  if (options.inquiries) await seedDemoInquiries(db, now, { current: options.secretKey });
}

/** A few sent broadcasts, so the public account pages show a readable archive. */
function demoBroadcasts(accountIds: Map<string, string>, now: Date, seededEvents: Array<{ id: number; title: string }>) {
  // The keyword names the event's real number, whatever the sequence handed out.
  const cleanUp = seededEvents.find((e) => e.title === '岐江河畔清洁行动')!.id;
  const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
  const sent = (slug: string, title: string, text: string, at: Date) => ({
    accountId: accountIds.get(slug)!,
    title,
    msgType: 'text',
    content: { text },
    status: 'sent' as const,
    sentAt: at,
    scheduledAt: at,
  });
  return [
    sent('zhaoqing-police', '警惕冒充公安机关的诈骗电话', '近期有不法分子冒充公安民警来电，以"涉嫌洗钱"为由要求转账到"安全账户"。公安机关不会通过电话办案，更没有"安全账户"。接到此类电话请立即挂断并拨打 110。', daysAgo(3)),
    sent('zhaoqing-police', '身份证业务周六照常办理', '为方便上班族，全市各派出所户籍窗口本周六 9:00–17:00 照常办理身份证业务。', daysAgo(10)),
    sent('zhongshan-youth', '岐江河畔清洁行动招募志愿者', `本周六上午在岐江公园开展清洁行动，回复「报名 ${cleanUp}」即可报名，名额 40 个。`, daysAgo(1)),
    sent('zhongshan-weather', '台风防御指引', '台风季来临：关好门窗，收好阳台物品，远离广告牌和临时建筑，非必要不外出。', daysAgo(6)),
  ];
}

function demoEvents(accountIds: Map<string, string>, now: Date) {
  const day = 86_400_000;
  // Saturday mornings a few weeks out, at 09:00 Beijing time (01:00 UTC).
  const at = (daysAhead: number, hourUtc: number) => {
    const d = new Date(now.getTime() + daysAhead * day);
    d.setUTCHours(hourUtc, 0, 0, 0);
    return d;
  };
  const youth = accountIds.get('zhongshan-youth')!;
  const police = accountIds.get('zhaoqing-police')!;
  return [
    {
      accountId: youth,
      title: '岐江河畔清洁行动',
      body: '和团市委志愿者一起清理岐江河畔的垃圾。提供手套和饮用水，请穿运动鞋。',
      placeName: '岐江公园南门',
      address: '中山市石岐街道岐江公园',
      latitude: 22.5176,
      longitude: 113.3826,
      startsAt: at(5, 1),
      endsAt: at(5, 4),
      capacity: 40,
      registrationOpensAt: now,
      registrationClosesAt: at(4, 15),
      interestTags: ['志愿服务', '环保'],
      contact: '0760-88888888',
      status: 'published' as const,
    },
    {
      accountId: youth,
      title: '社区长者探访',
      body: '走进东区街道社区，陪伴独居长者聊天、做简单家务。',
      placeName: '东区街道社区服务中心',
      address: '中山市东区街道',
      latitude: 22.5202,
      longitude: 113.4021,
      startsAt: at(12, 6),
      endsAt: at(12, 9),
      capacity: 20,
      registrationOpensAt: now,
      registrationClosesAt: at(11, 15),
      interestTags: ['志愿服务', '敬老'],
      contact: '0760-88888888',
      status: 'published' as const,
    },
    {
      accountId: youth,
      title: '青年创业分享会',
      body: '邀请本地青年创业者分享经验。',
      placeName: '中山青年创业园',
      address: '中山市火炬开发区',
      latitude: 22.5431,
      longitude: 113.4603,
      startsAt: at(20, 11),
      endsAt: at(20, 13),
      capacity: 100,
      registrationOpensAt: now,
      interestTags: ['创业'],
      status: 'published' as const,
    },
    {
      accountId: police,
      title: '警营开放日',
      body: '走进肇庆市公安局，参观指挥中心、警犬训练基地，了解防诈骗知识。',
      placeName: '肇庆市公安局',
      address: '肇庆市端州区',
      latitude: 23.0472,
      longitude: 112.4651,
      startsAt: at(9, 2),
      endsAt: at(9, 5),
      capacity: 60,
      registrationOpensAt: now,
      interestTags: ['防诈骗'],
      status: 'published' as const,
    },
  ];
}
