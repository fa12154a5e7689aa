import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { appRoutes, describeFindings, MODES, seriousViolations, setElderMode, VIEWPORTS, type ModeName, type ViewportName } from './a11y';
import { baseUrl, newContext, sharedBrowser, signIn } from './browser';
import { makeInvitationPath } from './staff-pages';
import { translator } from '../../lib/i18n/messages';

/**
 * Issue 11 item 14: every page — public, sign-in, admin, simulator, the 404 — has no serious or
 * critical axe violation of the WCAG 2.1 A/AA rules, in both reading modes (standard and older
 * readers' mode, cookie `wegov-elder=1`), on a phone and on a desktop. The list of pages is
 * checked against the app/ folder, so a new page cannot escape the audit.
 */
const browser = sharedBrowser();

type Who = 'anonymous' | 'admin' | 'youth' | 'police';
const EMAILS: Record<Exclude<Who, 'anonymous'>, string> = {
  admin: 'admin@wegov.local',
  youth: 'youth@wegov.local',
  police: 'police@wegov.local',
};

/** Ids only the running demo knows, looked up once before the audit. */
type DemoIds = { eventId: number; conversationId: string; cancelPath: string; invitePath: string; ruleEditPath: string; broadcastId: string };

type Visit = {
  /** The route pattern from app/ this visit covers (see appRoutes). */
  route: string;
  path: (ids: DemoIds) => string;
  as: Who;
  status?: number;
  /** Waits until the page shows what a reader sees (client components that load after hydration). */
  ready?: (page: Page) => Promise<void>;
};

const VISITS: Visit[] = [
  // Public pages, as a citizen sees them.
  { route: '/', path: () => '/', as: 'anonymous' },
  { route: '/', path: () => `/?q=${encodeURIComponent('平安肇庆')}`, as: 'anonymous' },
  { route: '/', path: () => `/?q=${encodeURIComponent('身份证丢了')}`, as: 'anonymous' },
  { route: '/accounts/[slug]', path: () => '/accounts/zhaoqing-police', as: 'anonymous' },
  { route: '/developers', path: () => '/developers', as: 'anonymous' },
  { route: '/events', path: () => '/events', as: 'anonymous' },
  { route: '/events/[id]', path: (ids) => `/events/${ids.eventId}`, as: 'anonymous' },
  // A web registrant's private cancel page (the link from their confirmation, made in beforeAll).
  { route: '/events/[id]/cancel/[token]', path: (ids) => ids.cancelPath, as: 'anonymous' },
  { route: '/verify', path: () => '/verify', as: 'anonymous' },
  { route: '/verify', path: () => `/verify?q=${encodeURIComponent('中山市公安局')}`, as: 'anonymous' },
  { route: '404', path: () => '/no-such-page', as: 'anonymous', status: 404 },
  { route: '/accounts/[slug]', path: () => '/accounts/no-such-account', as: 'anonymous', status: 404 },
  // Sign-in, fresh and after a failed attempt.
  { route: '/login', path: () => '/login', as: 'anonymous' },
  { route: '/login', path: () => '/login?error=CredentialsSignin', as: 'anonymous' },
  // Staff, each page as the demo user who works there.
  { route: '/admin', path: () => '/admin', as: 'youth' },
  { route: '/admin', path: () => '/admin', as: 'admin' },
  { route: '/admin/accounts/[slug]', path: () => '/admin/accounts/zhongshan-youth', as: 'youth' },
  { route: '/admin/accounts/[slug]/audit', path: () => '/admin/accounts/zhongshan-youth/audit', as: 'youth' },
  { route: '/admin/accounts/[slug]/quarantine', path: () => '/admin/accounts/zhongshan-youth/quarantine', as: 'youth' },
  { route: '/admin/accounts/new', path: () => '/admin/accounts/new', as: 'admin' },
  { route: '/admin/accounts/[slug]/settings', path: () => '/admin/accounts/zhongshan-youth/settings', as: 'youth' },
  { route: '/admin/accounts/[slug]/developer', path: () => '/admin/accounts/zhongshan-youth/developer', as: 'youth' },
  { route: '/admin/accounts/[slug]/menu', path: () => '/admin/accounts/zhongshan-youth/menu', as: 'youth' },
  { route: '/admin/accounts/[slug]/followers', path: () => '/admin/accounts/zhaoqing-police/followers', as: 'police' },
  { route: '/admin/accounts/[slug]/tags', path: () => '/admin/accounts/zhongshan-youth/tags', as: 'youth' },
  { route: '/admin/accounts/[slug]/office-hours', path: () => '/admin/accounts/zhongshan-youth/office-hours', as: 'youth' },
  { route: '/admin/accounts/[slug]/follow-ups', path: () => '/admin/accounts/zhongshan-youth/follow-ups', as: 'youth' },
  { route: '/admin/accounts/[slug]/macros', path: () => '/admin/accounts/zhongshan-youth/macros', as: 'youth' },
  { route: '/admin/accounts/[slug]/gaps', path: () => '/admin/accounts/zhongshan-youth/gaps', as: 'youth' },
  { route: '/admin/audit', path: () => '/admin/audit', as: 'admin' },
  { route: '/admin/accounts/[slug]/replies', path: () => '/admin/accounts/zhaoqing-police/replies', as: 'police' },
  { route: '/admin/accounts/[slug]/replies/new', path: () => '/admin/accounts/zhaoqing-police/replies/new', as: 'police' },
  { route: '/admin/accounts/[slug]/replies/[id]', path: (ids) => ids.ruleEditPath, as: 'police' },
  { route: '/admin/accounts/[slug]/canned-replies', path: () => '/admin/accounts/zhaoqing-police/canned-replies', as: 'police' },
  { route: '/admin/accounts/[slug]/broadcasts/planner', path: () => '/admin/accounts/zhongshan-youth/broadcasts/planner', as: 'youth' },
  { route: '/admin/accounts/[slug]/broadcasts/delivery', path: () => '/admin/accounts/zhongshan-youth/broadcasts/delivery', as: 'admin' },
  { route: '/admin/audit', path: () => '/admin/audit', as: 'admin' },
  // Broadcasts: the list, the composer, a broadcast of the demo and the review settings (issue 13).
  { route: '/admin/accounts/[slug]/broadcasts', path: () => '/admin/accounts/zhongshan-youth/broadcasts', as: 'youth' },
  { route: '/admin/accounts/[slug]/broadcasts/new', path: () => '/admin/accounts/zhongshan-youth/broadcasts/new', as: 'youth' },
  { route: '/admin/accounts/[slug]/broadcasts/[id]', path: (ids) => `/admin/accounts/zhongshan-youth/broadcasts/${ids.broadcastId}`, as: 'youth' },
  { route: '/admin/accounts/[slug]/broadcasts/review-settings', path: () => '/admin/accounts/zhongshan-youth/broadcasts/review-settings', as: 'youth' },
  { route: '/admin/events', path: () => '/admin/events', as: 'youth' },
  { route: '/admin/events/new', path: () => '/admin/events/new', as: 'youth' },
  { route: '/admin/events/[id]', path: (ids) => `/admin/events/${ids.eventId}`, as: 'youth' },
  // Another account's event: the 404 inside the staff layout.
  // Another account's event: the admin's own 404 (app/admin/not-found.tsx).
  { route: '404 /admin', path: (ids) => `/admin/events/${ids.eventId}`, as: 'police', status: 404 },
  { route: '/admin/inbox', path: () => '/admin/inbox', as: 'police' },
  { route: '/admin/inbox/[id]', path: (ids) => `/admin/inbox/${ids.conversationId}`, as: 'police' },
  { route: '/admin/reports', path: () => '/admin/reports', as: 'admin' },
  { route: '/admin/account', path: () => '/admin/account', as: 'youth' },
  // Staff and invitations (issue 12 §2): members, platform users, a live invitation and a spent-or-unknown one.
  { route: '/admin/accounts/[slug]/staff', path: () => '/admin/accounts/zhongshan-youth/staff', as: 'youth' },
  { route: '/admin/users', path: () => '/admin/users', as: 'admin' },
  { route: '/invite/[token]', path: (ids) => ids.invitePath, as: 'anonymous' },
  { route: '404 /invite/[token]', path: () => `/invite/${'x'.repeat(43)}`, as: 'anonymous', status: 404 },
  // The WeChat simulator: the phone (a client component that loads its timeline) and the QR follow page.
  // oDemoA11y01 follows 平安肇庆 and has its welcome, a keyword reply and the default reply in the chat (beforeAll).
  {
    route: '/dev/wechat',
    path: () => `/dev/wechat?account=zhaoqing-police&openid=${SIM_CITIZEN}`,
    as: 'anonymous',
    ready: (page) => page.locator('[role="log"][aria-busy="false"] li').first().waitFor({ state: 'attached' }),
  },
  {
    route: '/dev/wechat/follow',
    path: () => '/dev/wechat/follow?account=zhongshan-youth&scene=directory&openid=oDemoA11y02',
    as: 'anonymous',
    // The follow button is enabled once the phone knows whether the citizen follows already.
    ready: (page) => page.locator('main button:enabled').first().waitFor(),
  },
];

const SIM_CITIZEN = 'oDemoA11y01';

const COMBOS = (Object.keys(MODES) as ModeName[]).flatMap((mode) => (Object.keys(VIEWPORTS) as ViewportName[]).map((viewport) => ({ mode, viewport })));

let ids: DemoIds | undefined;
const sessions = new Map<Who, Awaited<ReturnType<BrowserContext['storageState']>>>();
const contexts = new Map<string, Promise<BrowserContext>>();

beforeAll(async () => {
  // An event of 中山青年 (youth@ runs it, so its admin page is theirs too), from the public API.
  const events = (await (await fetch(`${baseUrl()}/api/v1/events`)).json()) as { data: Array<{ id: number; account: string }> };
  const event = events.data.find((e) => e.account === 'zhongshan-youth');
  if (!event) throw new Error('the demo has no event of zhongshan-youth in /api/v1/events');

  // The simulator's chat with something in it: a follow, a keyword reply, a free question.
  for (const action of [{ kind: 'subscribe' }, { kind: 'text', content: '身份证' }, { kind: 'text', content: '你好' }]) {
    const response = await fetch(`${baseUrl()}/dev/wechat/api/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ account: 'zhaoqing-police', openid: SIM_CITIZEN, action }),
    });
    if (!response.ok) throw new Error(`the simulator refused ${JSON.stringify(action)}: ${response.status}`);
  }

  // Sign in once per demo user; every later context reuses the session (storageState).
  for (const who of Object.keys(EMAILS) as Array<keyof typeof EMAILS>) {
    const context = await newContext(browser());
    const page = await context.newPage();
    await signIn(page, EMAILS[who]);
    sessions.set(who, await context.storageState());
    await context.close();
  }

  // A conversation of 平安肇庆's inbox (the demo seeds citizens' questions there).
  const context = await newContext(browser(), { storageState: sessions.get('police') });
  const page = await context.newPage();
  await page.goto('/admin/inbox');
  const href = await page.locator('a[href^="/admin/inbox/"]').evaluateAll((links) =>
    links.map((a) => a.getAttribute('href') ?? '').find((h) => /^\/admin\/inbox\/\d+$/.test(h)),
  );
  // A keyword rule of 平安肇庆 to open in the rule editor.
  await page.goto('/admin/accounts/zhaoqing-police/replies');
  const ruleEditPath = await page.locator('a[href^="/admin/accounts/zhaoqing-police/replies/"]').evaluateAll((links) =>
    links.map((a) => a.getAttribute('href') ?? '').find((h) => /\/replies\/\d+$/.test(h)),
  );
  await context.close();
  if (!href) throw new Error('no conversation link in the demo inbox of police@wegov.local');
  if (!ruleEditPath) throw new Error('no rule to edit for police@wegov.local');
  // A broadcast of 中山青年 (the demo seeds sent ones), from its list.
  const youthContext = await newContext(browser(), { storageState: sessions.get('youth') });
  const youthPage = await youthContext.newPage();
  await youthPage.goto('/admin/accounts/zhongshan-youth/broadcasts');
  const broadcastHref = await youthPage.locator('[data-testid="broadcasts"] a').first().getAttribute('href');
  await youthContext.close();
  if (!broadcastHref) throw new Error('no broadcast in the demo list of zhongshan-youth');
  ids = {
    eventId: event.id,
    conversationId: href.split('/').pop()!,
    cancelPath: await webRegistrationCancelPath(events.data.map((e) => e.id)),
    invitePath: await makeInvitationPath(browser(), sessions.get('youth')!, 'zhongshan-youth'),
    ruleEditPath,
    broadcastId: broadcastHref.split('/').pop()!,
  };
}, 120_000);

/** Registers on the first event whose web form is open, as a citizen does, and returns the confirmation's private cancel link. */
async function webRegistrationCancelPath(eventIds: number[]): Promise<string> {
  const context = await newContext(browser());
  const page = await context.newPage();
  const t = translator('zh-CN');
  try {
    for (const id of eventIds) {
      await page.goto(`/events/${id}`);
      const submit = page.getByRole('button', { name: t('events.public.submit') });
      if ((await submit.count()) === 0) continue;
      await page.getByRole('textbox', { name: t('events.public.name'), exact: true }).fill('无障碍测试');
      await page.getByRole('textbox', { name: t('events.public.phone') }).fill(`1390000${String(Date.now() % 10000).padStart(4, '0')}`);
      await page.getByRole('checkbox', { name: t('events.public.consent') }).check();
      await submit.click();
      const link = page.getByTestId('cancel-link');
      await link.waitFor();
      return (await link.getAttribute('href'))!;
    }
    throw new Error('no demo event has an open web registration form');
  } finally {
    await context.close();
  }
}

afterAll(async () => {
  for (const context of contexts.values()) await (await context).close();
});

/** One context per user × mode × viewport, made on first use and reused by every page. */
async function contextFor(who: Who, mode: ModeName, viewport: ViewportName): Promise<BrowserContext> {
  const key = `${who}/${mode}/${viewport}`;
  // The promise is what is kept, so pages audited at the same time share one context.
  let context = contexts.get(key);
  if (!context) {
    context = (async () => {
      const made = await newContext(browser(), { ...VIEWPORTS[viewport], storageState: who === 'anonymous' ? undefined : sessions.get(who) });
      await setElderMode(made, MODES[mode]);
      return made;
    })();
    contexts.set(key, context);
  }
  return context;
}

describe('the audit covers every page and would catch a violation', () => {
  it('lists every page.tsx (and the 404) of app/, and no page that is gone', () => {
    const listed = [...new Set(VISITS.map((v) => v.route))].sort();
    expect(listed, 'a page in app/ is missing from VISITS in tests/e2e/accessibility.test.ts (or a listed one is gone)').toEqual(appRoutes());
  });

  it('reports an unlabeled field and unreadable text when a page has them (the harness works)', async () => {
    const context = await newContext(browser(), VIEWPORTS.phone);
    const page = await context.newPage();
    await page.goto('/login');
    // Inject only after hydration: React would otherwise drop nodes it did not render.
    await page.waitForLoadState('networkidle');
    await page.evaluate(() => {
      const input = document.createElement('input');
      input.type = 'text';
      input.id = 'a11y-self-check-input';
      const faint = document.createElement('p');
      faint.id = 'a11y-self-check-text';
      faint.textContent = '看不清的字';
      faint.style.cssText = 'color:#ddd;background:#fff';
      (document.querySelector('main') ?? document.body).append(input, faint);
    });
    await page.locator('#a11y-self-check-input').waitFor({ state: 'attached' });
    await page.locator('#a11y-self-check-text').waitFor({ state: 'attached' });
    const findings = await seriousViolations(page);
    const byRule = new Map(findings.map((f) => [f.rule, f.nodes.join(' ')]));
    expect(byRule.get('label')).toContain('#a11y-self-check-input');
    expect(byRule.get('color-contrast')).toContain('#a11y-self-check-text');
    await context.close();
  });
});

// Pages of one mode and viewport are audited a few at a time: a page waits on the server and the
// browser in turn, so two or three in flight keep both busy (vitest's maxConcurrency, 5, caps it).
for (const { mode, viewport } of COMBOS) {
  describe.concurrent(`every page, ${mode} mode, on a ${viewport}`, () => {
    const label = (visit: Visit) =>
      `${visit.as === 'anonymous' ? '' : `${visit.as}@ `}${visit.path.length ? visit.route : decodeURIComponent(visit.path({} as DemoIds))}${visit.status ? ` (${visit.status})` : ''}`;
    const cases = VISITS.map((visit) => [label(visit), visit] as const);
    it.each(cases)('%s has no serious or critical WCAG 2.1 AA violation', async (_, visit) => {
      if (!ids) throw new Error('the demo ids were not looked up');
      const path = visit.path(ids);
      const context = await contextFor(visit.as, mode, viewport);
      const page = await context.newPage();
      try {
        const response = await page.goto(path);
        expect(response?.status(), `${path} answered`).toBe(visit.status ?? 200);
        await page.locator('h1').first().waitFor();
        await visit.ready?.(page);
        const findings = await seriousViolations(page);
        expect(describeFindings(`${path} [${mode} mode, ${viewport}, ${visit.as}]`, findings)).toBe('');
      } finally {
        await page.close();
      }
    });
  });
}
