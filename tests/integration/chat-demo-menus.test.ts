import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, autoReplyRules, events } from '../../db/schema';
import { env } from '../../lib/env';
import { openWebhookWorld } from '../helpers/webhook';
import { chat, type ChatAction, type WebhookWorld } from './chat-fixtures';

/**
 * Every demo menu button and every demo auto-reply leads somewhere: a tapped button answers
 * with content (or opens a page that exists), and every "回复「X」" in any answer — followed
 * as a citizen would, through the real webhook — is itself answered by a rule or a command,
 * never by the account's catch-all default (docs/events.md, "Chat commands").
 */
let w: WebhookWorld;
beforeAll(async () => {
  w = await openWebhookWorld();
});
afterAll(async () => {
  await w.close();
});

type Leaf = { name: string; type?: string; key?: string; url?: string };
type Button = Leaf & { sub_button?: Leaf[] };

function leaves(menu: unknown): Leaf[] {
  const buttons = ((menu as { button?: Button[] } | null)?.button ?? []) as Button[];
  return buttons.flatMap((b) => (b.sub_button?.length ? b.sub_button : [b]));
}

function menuNames(menu: unknown): string[] {
  const buttons = ((menu as { button?: Button[] } | null)?.button ?? []) as Button[];
  return buttons.flatMap((b) => [b.name, ...(b.sub_button ?? []).map((s) => s.name)]);
}

/** What an answer tells the citizen to type: 回复「身份证」「户口」「出入境」 → three keywords. */
export function typedInstructions(reply: string): string[] {
  const out: string[] = [];
  for (const run of reply.matchAll(/(?:回复|发送|输入)((?:「[^」]+」[、，,和或及\s]*)+)/g)) {
    for (const k of run[1]!.matchAll(/「([^」]+)」/g)) out.push(k[1]!);
  }
  return out;
}

/** Menu buttons an answer points to: 点菜单「近期活动」. */
function menuReferences(reply: string): string[] {
  return [...reply.matchAll(/菜单「([^」]+)」/g)].map((m) => m[1]!);
}

/** What is left of an answer once every sentence that only sends the citizen elsewhere is dropped. */
function contentBesidesInstructions(reply: string): string {
  return reply
    .split(/[\n。；]/)
    .filter((sentence) => typedInstructions(sentence).length === 0 && menuReferences(sentence).length === 0)
    .join('')
    .trim();
}

describe('typedInstructions', () => {
  it('reads the keywords a reply asks for, and nothing else in quotes', () => {
    expect(typedInstructions('各项详细说明请回复「身份证」「户口」「出入境」。')).toEqual(['身份证', '户口', '出入境']);
    expect(typedInstructions('欢迎关注「中山应急」！')).toEqual([]);
    expect(typedInstructions('回复「报名 1001」报名\n回复「1」即可')).toEqual(['报名 1001', '1']);
  });
});

describe('the demo chat has no dead ends', () => {
  it('walks every menu button and auto-reply, following every instruction, and finds an answer each time', async () => {
    const origin = env().baseUrl.replace(/\/+$/, '');
    const rows = await w.t.db.select().from(accounts);
    const publicEvents = new Set((await w.t.db.select({ id: events.id }).from(events).where(eq(events.status, 'published'))).map((e) => e.id));
    const slugs = new Set(rows.map((a) => a.slug));
    let citizen = 0;
    let walked = 0;
    let buttons = 0;

    /** A link in a menu or a reply: anything on the portal must be a page that exists. */
    const expectLinkLeadsSomewhere = (url: string, where: string) => {
      expect(url, where).toMatch(/^https?:\/\//);
      if (!url.startsWith(origin)) return;
      const path = new URL(url).pathname;
      const account = /^\/accounts\/([^/]+)$/.exec(path);
      const event = /^\/events\/(\d+)$/.exec(path);
      expect(Boolean((account && slugs.has(account[1]!)) || (event && publicEvents.has(Number(event[1])))), `${where}: ${url}`).toBe(true);
    };

    for (const account of rows) {
      const rules = await w.t.db.select().from(autoReplyRules).where(eq(autoReplyRules.accountId, account.id));
      const fallback = rules.filter((r) => r.kind === 'default').map((r) => (r.reply as { content?: string }).content ?? null);
      const names = menuNames(account.menu);
      // Each path replays from a fresh follower, so state (a registration, an offer) is the path's own.
      const replay = async (path: ChatAction[]): Promise<string | null> => {
        const openid = `oWalk${++citizen}`;
        let last: string | null = null;
        for (const step of path) last = await chat(w, account.slug, openid, step);
        walked++;
        return last;
      };
      const seen = new Set<string>();
      const follow = async (path: ChatAction[], reply: string | null, depth: number): Promise<void> => {
        if (reply === null) return;
        const where = `${account.slug}: ${JSON.stringify(path)} → ${reply}`;
        for (const name of menuReferences(reply)) expect(names, where).toContain(name);
        for (const url of reply.match(/https?:\/\/[^\s，。；）)」]+/g) ?? []) expectLinkLeadsSomewhere(url, where);
        for (const keyword of typedInstructions(reply)) {
          if (seen.has(keyword) || depth > 4) continue;
          seen.add(keyword);
          const next = [...path, { kind: 'text' as const, content: keyword }];
          const answer = await replay(next);
          const at = `${account.slug}: ${JSON.stringify(next)}`;
          expect(answer, `${at} is not answered`).not.toBeNull();
          expect(fallback, `${at} gets only the catch-all default`).not.toContain(answer);
          await follow(next, answer, depth + 1);
        }
      };

      for (const button of leaves(account.menu)) {
        buttons++;
        const where = `${account.slug} menu 「${button.name}」`;
        if (button.type === 'view') {
          expectLinkLeadsSomewhere(button.url ?? '', where);
          // The VIEW event is stored and answered like WeChat expects (no reply: the citizen is on the page).
          expect(await replay([{ kind: 'view', url: button.url! }]), where).toBeNull();
          continue;
        }
        expect(button.type, where).toBe('click');
        const path: ChatAction[] = [{ kind: 'click', key: button.key! }];
        const reply = await replay(path);
        expect(reply, `${where} answers nothing`).not.toBeNull();
        // A button answers itself: not only "reply X" or "see menu Y".
        expect(contentBesidesInstructions(reply!), `${where} only sends the citizen elsewhere: ${reply}`).not.toBe('');
        await follow(path, reply, 1);
      }
      await follow([{ kind: 'subscribe' }], await replay([{ kind: 'subscribe' }]), 1);
      for (const rule of rules) {
        if (rule.kind === 'keyword') await follow([{ kind: 'text', content: rule.pattern! }], await replay([{ kind: 'text', content: rule.pattern! }]), 1);
        else if (rule.kind === 'default') await follow([{ kind: 'text', content: '请问一下' }], await replay([{ kind: 'text', content: '请问一下' }]), 1);
      }
    }
    // The walk really covered the menus and the keyword chains (报名 → 报名 <id> → 1 …).
    expect(buttons).toBeGreaterThanOrEqual(6);
    expect(walked).toBeGreaterThan(20);
  });

  it('answers the youth menu’s 近期活动 with the events open now, read from the events table', async () => {
    const [youth] = await w.t.db.select().from(accounts).where(eq(accounts.slug, 'zhongshan-youth'));
    const button = leaves(youth!.menu).find((b) => b.name === '近期活动')!;
    const before = await chat(w, 'zhongshan-youth', 'oMenuLive', { kind: 'click', key: button.key! });
    const seeded = await w.t.db.select().from(events).where(eq(events.accountId, youth!.id));
    for (const e of seeded.filter((e) => e.status === 'published')) expect(before).toContain(`回复「报名 ${e.id}」`);
    const [added] = await w.t.db
      .insert(events)
      .values({ accountId: youth!.id, title: '新加的周末植树', startsAt: new Date(Date.now() + 86_400_000), endsAt: new Date(Date.now() + 90_000_000), status: 'published' })
      .returning();
    const after = await chat(w, 'zhongshan-youth', 'oMenuLive', { kind: 'click', key: button.key! });
    expect(after).toContain(`${added!.id}「新加的周末植树」`);
    expect(after).toContain(`回复「报名 ${added!.id}」`);
  });

  it('opens the youth events on the portal’s configured origin, not a hard-coded host', async () => {
    const [youth] = await w.t.db.select().from(accounts).where(eq(accounts.slug, 'zhongshan-youth'));
    const view = leaves(youth!.menu).find((b) => b.type === 'view' && b.url?.includes('/accounts/'));
    expect(view?.url).toBe(`${env().baseUrl.replace(/\/+$/, '')}/accounts/zhongshan-youth#events`);
    expect(JSON.stringify(await w.t.db.select({ reply: autoReplyRules.reply }).from(autoReplyRules))).not.toContain('{portal}');
  });
});
