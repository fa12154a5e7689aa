import { and, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { accounts, autoReplyRules, events, regions } from '../../db/schema';
import { DISPLAY_TIME_ZONE } from '../format';
import { hasHan, normalizeQuery } from './normalize';
import { withPublicQuerySettings } from './public-query';
import { publicAccountColumns, toPublicAccount, type AccountRow, type PublicAccount } from './public-account';
import type { AccountCategory } from './search-accounts';

/**
 * "What do I need?": a citizen types a situation (身份证丢了, 周末志愿活动, 台风), not an account
 * name. The accounts themselves say what they can help with — their auto-reply keywords, menu
 * buttons, category and upcoming events — so those are matched against the sentence, and the
 * answer says what to send after following. Only official accounts are suggested.
 */

/** Everyday words for each category, for sentences no keyword covers. */
const CATEGORY_WORDS: Record<AccountCategory, string[]> = {
  police: ['报警', '派出所', '身份证', '户口', '户籍', '出入境', '护照', '港澳通行证', '诈骗', '治安', '警察', '驾照', '交警', '违章'],
  weather: ['天气', '台风', '暴雨', '下雨', '高温', '寒潮', '预报', '气温'],
  emergency: ['应急', '避难', '地震', '洪水', '灾害', '火灾', '停电', '防汛', '台风'],
  youth: ['志愿', '青年', '团委', '义工', '公益', '团员'],
  transport: ['公交', '地铁', '交通', '堵车', '道路', '停车', '出行'],
  health: ['挂号', '医院', '疫苗', '看病', '体检', '医生', '健康'],
  education: ['学校', '入学', '招生', '学位', '考试', '教育'],
  culture: ['图书馆', '博物馆', '展览', '演出', '文化'],
  environment: ['环保', '垃圾分类', '污染', '噪音'],
  social_security: ['社保', '养老', '医保', '退休', '失业', '公积金'],
  government: ['政务', '办事', '政策', '通知', '发布', '市民热线'],
  other: [],
};

export interface NeedMatch {
  account: PublicAccount;
  /** What to send after following (an auto-reply keyword), if one fits. */
  send: string | null;
  /** A preview of the account's answer to that keyword. */
  replyPreview: string | null;
  /** A menu button that fits, when tapping is the way. */
  menu: string | null;
  events: Array<{ id: number; title: string; startsAt: Date; registrationKeyword: string }>;
  score: number;
}

function bigrams(q: string): string[] {
  const han = [...q].filter((c) => hasHan(c)).join('');
  const out = new Set<string>();
  for (let i = 0; i + 2 <= han.length; i++) out.add(han.slice(i, i + 2));
  return [...out];
}

function substrings(q: string): string[] {
  const chars = [...q];
  const out = new Set<string>();
  for (let i = 0; i < chars.length; i++) for (let n = 2; n <= 8 && i + n <= chars.length; n++) out.add(chars.slice(i, i + n).join(''));
  return [...out].slice(0, 200);
}

function isWeekend(date: Date): boolean {
  const day = new Intl.DateTimeFormat('en-US', { timeZone: DISPLAY_TIME_ZONE, weekday: 'short' }).format(date);
  return day === 'Sat' || day === 'Sun';
}

interface MenuButton {
  name?: unknown;
  sub_button?: unknown;
}

function menuNames(menu: unknown): string[] {
  const buttons = (menu as { button?: unknown } | null)?.button;
  if (!Array.isArray(buttons)) return [];
  const names: string[] = [];
  for (const b of buttons as MenuButton[]) {
    if (typeof b?.name === 'string') names.push(b.name);
    if (Array.isArray(b?.sub_button)) for (const s of b.sub_button as MenuButton[]) if (typeof s?.name === 'string') names.push(s.name);
  }
  return names;
}

function replyText(reply: unknown): string | null {
  const r = reply as { type?: unknown; content?: unknown } | null;
  return r && r.type === 'text' && typeof r.content === 'string' ? r.content.slice(0, 140) : null;
}

export async function searchByNeed(args: { db: Db; q: string; now?: Date; limit?: number }): Promise<NeedMatch[]> {
  const q = normalizeQuery(args.q).replace(/\s+/g, '');
  if ([...q].length < 2 || !hasHan(q)) return [];
  return withPublicQuerySettings(args.db, (tx) => matchNeeds({ ...args, db: tx }));
}

async function matchNeeds(args: { db: Db; q: string; now?: Date; limit?: number }): Promise<NeedMatch[]> {
  const q = normalizeQuery(args.q).replace(/\s+/g, '');
  if ([...q].length < 2 || !hasHan(q)) return [];
  const now = args.now ?? new Date();
  const official = and(isNull(accounts.disabledAt), eq(accounts.verified, true), eq(accounts.flaggedImpostor, false));
  const found = new Map<string, NeedMatch>();
  const touch = (row: AccountRow, score: number): NeedMatch => {
    let match = found.get(row.id);
    if (!match) {
      match = { account: toPublicAccount(row), send: null, replyPreview: null, menu: null, events: [], score: 0 };
      found.set(row.id, match);
    }
    match.score = Math.max(match.score, score);
    return match;
  };

  // Keywords the sentence contains (身份证丢了 ⊃ 身份证), or that contain the whole query.
  const rules = await args.db
    .select({ ...publicAccountColumns, pattern: autoReplyRules.pattern, reply: autoReplyRules.reply })
    .from(autoReplyRules)
    .innerJoin(accounts, eq(accounts.id, autoReplyRules.accountId))
    .leftJoin(regions, eq(regions.code, accounts.regionCode))
    .where(
      and(
        official,
        eq(autoReplyRules.kind, 'keyword'),
        eq(autoReplyRules.enabled, true),
        // Keywords are short words: compare against every 2–8 character piece of the sentence,
        // an equality test per rule instead of a substring search.
        inArray(autoReplyRules.pattern, substrings(q)),
      ),
    )
    .orderBy(sql`char_length(${autoReplyRules.pattern}) desc`, sql`${accounts.followerCount} desc`)
    .limit(20);
  for (const rule of rules) {
    const match = touch(rule as AccountRow, 10 + (rule.pattern?.length ?? 0));
    if (!match.send && rule.pattern) {
      match.send = rule.pattern;
      match.replyPreview = replyText(rule.reply);
    }
  }

  // Menu buttons and category words, both matched in code on a small candidate set.
  const pieces = bigrams(q);
  const categories = (Object.entries(CATEGORY_WORDS) as Array<[AccountCategory, string[]]>)
    .filter(([, words]) => words.some((w) => q.includes(w)))
    .map(([category]) => category);
  if (pieces.length) {
    const menuRows = await args.db
      .select({ ...publicAccountColumns, menu: accounts.menu })
      .from(accounts)
      .leftJoin(regions, eq(regions.code, accounts.regionCode))
      .where(and(official, sql`${accounts.menu} is not null`, sql`(${sql.join(pieces.map((p) => sql`${accounts.menu}::text like ${`%${p}%`}`), sql` or `)})`))
      .orderBy(sql`${accounts.followerCount} desc`)
      .limit(20);
    for (const row of menuRows) {
      const name = menuNames(row.menu).find((n) => q.includes(n) || n.includes(q) || bigrams(n).some((b) => pieces.includes(b)));
      if (name) touch(row as AccountRow, 8 + name.length).menu ??= name;
    }
  }
  if (categories.length) {
    const byCategory = await args.db
      .select(publicAccountColumns)
      .from(accounts)
      .leftJoin(regions, eq(regions.code, accounts.regionCode))
      .where(and(official, inArray(accounts.category, categories)))
      .orderBy(sql`${accounts.followerCount} desc`)
      .limit(6);
    for (const row of byCategory) touch(row as AccountRow, 4);
  }

  // Upcoming events of the accounts found above whose title or tags share a word with the
  // sentence. Limiting the scan to those accounts keeps it on the (account, start) index; a
  // free-text scan over every upcoming event cost ~70 ms at 100,000 events.
  if (pieces.length && found.size) {
    const eventRows = await args.db
      .select({ accountId: events.accountId, eventId: events.id, title: events.title, startsAt: events.startsAt, tags: events.interestTags })
      .from(events)
      .where(
        and(
          inArray(events.accountId, [...found.keys()]),
          eq(events.status, 'published'),
          gte(events.startsAt, now),
          // The coming two months: what a citizen can still plan for, and a bounded scan.
          lte(events.startsAt, new Date(now.getTime() + 60 * 86_400_000)),
        ),
      )
      .orderBy(events.startsAt)
      .limit(200);
    const weekendOnly = q.includes('周末');
    for (const row of eventRows) {
      const text = `${row.title} ${row.tags.join(' ')}`;
      if (!pieces.some((p) => text.includes(p))) continue;
      if (weekendOnly && !isWeekend(row.startsAt)) continue;
      const match = found.get(row.accountId)!;
      match.score += 1;
      if (match.events.length < 3) {
        match.events.push({ id: row.eventId, title: row.title, startsAt: row.startsAt, registrationKeyword: `报名 ${row.eventId}` });
      }
    }
  }

  return [...found.values()].sort((a, b) => b.score - a.score || a.account.slug.localeCompare(b.account.slug)).slice(0, args.limit ?? 3);
}
