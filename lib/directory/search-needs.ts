import { and, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { accounts, autoReplyRules, events, regions } from '../../db/schema';
import { DISPLAY_TIME_ZONE } from '../format';
import { rowsOf } from '../../db/rows';
import { directoryHits, explainLines, type OrderedPart } from './directory-order';
import { hasHan, normalizeQuery } from './normalize';
import { withPublicQuerySettings } from './public-query';
import { publicAccountColumns, toPublicAccount, type AccountRow, type PublicAccount } from './public-account';
import type { AccountCategory } from './search-accounts';
import { registrationKeyword } from '../events/parse-command';

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

export interface SearchByNeedArgs {
  db: Db;
  q: string;
  now?: Date;
  limit?: number;
  /** For the benchmark: EXPLAIN (ANALYZE, BUFFERS) of the account search is pushed here. */
  explain?: string[];
}

export async function searchByNeed(args: SearchByNeedArgs): Promise<NeedMatch[]> {
  const q = normalizeQuery(args.q).replace(/\s+/g, '');
  if ([...q].length < 2 || !hasHan(q)) return [];
  return withPublicQuerySettings(args.db, (tx) => matchNeeds({ ...args, q, db: tx }), { preferIndex: true });
}

/** Two-character pieces of a menu button name, as `directory_menu_pairs` cuts them in SQL. */
function pairs(name: string): string[] {
  const chars = [...name];
  const out: string[] = [];
  for (let i = 0; i + 2 <= chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

const textArray = (values: string[]): SQL => sql`array[${sql.join(values.map((v) => sql`${v}`), sql`, `)}]::text[]`;

/** `q` is folded (normalizeQuery) with its spaces removed. */
async function matchNeeds(args: SearchByNeedArgs): Promise<NeedMatch[]> {
  const { db, q } = args;
  const now = args.now ?? new Date();
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
  const keywordRule = sql`${autoReplyRules.kind} = 'keyword' and ${autoReplyRules.enabled}`;

  // Keywords the sentence contains (身份证丢了 ⊃ 身份证): every 2–8 character piece of it is
  // compared with the keywords by equality, on the keyword index. First which pieces are
  // keywords at all (a few index probes), so the search below has one part per length.
  const keywords = rowsOf<{ pattern: string }>(
    await db.execute(sql`select p as pattern from unnest(${textArray(substrings(q))}) as p
      where exists (select 1 from ${autoReplyRules} where ${autoReplyRules.pattern} = p and ${keywordRule})`),
  ).map((row) => row.pattern);
  const lengths = [...new Set(keywords.map((k) => [...k].length))].sort((a, b) => b - a);

  // Menu buttons that share a two-character piece with the sentence, and the accounts of the
  // categories its words belong to.
  const pieces = bigrams(q);
  const categories = (Object.entries(CATEGORY_WORDS) as Array<[AccountCategory, string[]]>)
    .filter(([, words]) => words.some((w) => q.includes(w)))
    .map(([category]) => category);

  // One search, official accounts only, in the directory order within each part: keyword
  // owners longest keyword first (20 in all, as the reply shows three), then menus, then
  // categories (lib/directory/directory-order.ts reads each part without a full scan).
  const MENU = 100;
  const CATEGORY = 101;
  const parts: OrderedPart[] = lengths.map((length, i) => {
    const patterns = inArray(autoReplyRules.pattern, keywords.filter((k) => [...k].length === length));
    // `offset 0` keeps this a lookup per account met on a walk (two index probes); without it
    // PostgreSQL turns the test into a hash of every account with the keyword — 46,000 for 身份证.
    const hasKeyword = sql`exists (select 1 from ${autoReplyRules} where ${autoReplyRules.accountId} = ${accounts.id} and ${patterns} and ${keywordRule} offset 0)`;
    return {
      rank: i,
      unverified: 0,
      match: [hasKeyword],
      // Candidates start from the keyword index and look each rule's account up, so reading
      // them stops at the cap instead of joining every account that has the keyword.
      candidates: {
        from: sql`${autoReplyRules} cross join lateral (select * from ${accounts} where ${accounts.id} = ${autoReplyRules.accountId}) as ${accounts}`,
        where: [patterns, keywordRule],
      },
    };
  });
  if (pieces.length) {
    const pairsMatch = sql`directory_menu_pairs(${accounts.menu}) && ${textArray(pieces)}`;
    parts.push({
      rank: MENU,
      unverified: 0,
      limit: 20,
      match: [sql`${accounts.menu} is not null`, pairsMatch],
      // On a walk, a plain text test first: computing the pairs of every menu met is slow.
      scan: [sql`${accounts.menu} is not null`, sql`${accounts.menu}::text like any (${textArray(pieces.map((p) => `%${p}%`))})`, pairsMatch],
    });
  }
  if (categories.length) parts.push({ rank: CATEGORY, unverified: 0, limit: 6, match: [inArray(accounts.category, categories)] });
  if (!parts.length) return [];

  const hits = directoryHits(parts, 20);
  const patterns = keywords.length ? keywords : [''];
  const select = db
    .select({
      ...publicAccountColumns,
      part: sql<number>`hits.rank`,
      menu: accounts.menu,
      // The account's longest keyword in the sentence, and its reply.
      rule: sql<[string, unknown] | null>`(select json_build_array(${autoReplyRules.pattern}, ${autoReplyRules.reply}) from ${autoReplyRules}
        where ${autoReplyRules.accountId} = ${accounts.id} and ${inArray(autoReplyRules.pattern, patterns)} and ${keywordRule}
        order by char_length(${autoReplyRules.pattern}) desc, ${autoReplyRules.pattern} limit 1)`,
    })
    .from(accounts)
    .innerJoin(hits.hits, sql`hits.id = ${accounts.id}`)
    .leftJoin(regions, eq(regions.code, accounts.regionCode))
    .orderBy(...hits.orderBy);
  if (args.explain) args.explain.push(...(await explainLines(db, sql`${select.getSQL()}`)));
  const rows = await select;

  let keywordRows = 0;
  for (const row of rows) {
    const part = Number(row.part);
    if (part < MENU) {
      // The first 20 keyword owners, longest keyword first.
      if (keywordRows++ >= 20 || !row.rule) continue;
      const [pattern, reply] = typeof row.rule === 'string' ? (JSON.parse(row.rule) as [string, unknown]) : row.rule;
      const match = touch(row as AccountRow, 10 + pattern.length);
      if (!match.send) {
        match.send = pattern;
        match.replyPreview = replyText(reply);
      }
    } else if (part === MENU) {
      const name = menuNames(row.menu).find((n) => pairs(n).some((p) => pieces.includes(p)));
      if (name) touch(row as AccountRow, 8 + name.length).menu ??= name;
    } else {
      touch(row as AccountRow, 4);
    }
  }

  // Upcoming events of the accounts found above whose title or tags share a word with the
  // sentence. Limiting the scan to those accounts keeps it on the (account, start) index; a
  // free-text scan over every upcoming event cost ~70 ms at 100,000 events.
  if (pieces.length && found.size) {
    const eventRows = await db
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
        match.events.push({ id: row.eventId, title: row.title, startsAt: row.startsAt, registrationKeyword: registrationKeyword(row.eventId) });
      }
    }
  }

  return [...found.values()].sort((a, b) => b.score - a.score || a.account.slug.localeCompare(b.account.slug)).slice(0, args.limit ?? 3);
}
