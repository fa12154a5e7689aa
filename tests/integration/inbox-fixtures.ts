import { and, eq } from 'drizzle-orm';
import { conversations, followers, memberships, messages, users } from '../../db/schema';
import { demoAppSecret } from '../../db/seed';
import { staffFromUser, type Staff } from '../../lib/auth/access';
import { sendReplyHandler } from '../../lib/inbox/deliver';
import { SEND_JOB } from '../../lib/inbox/reply';
import { runDueJobs } from '../../lib/jobs/worker';
import { resetTokenFlightsForTests } from '../../lib/wechat/api/token';
import { startWechatApiSimulator, type RunningWechatApiSimulator } from '../../lib/wechat/simulator';
import type { TestDb } from '../helpers/test-db';
import {
  accountIdBySlug,
  createSeededAppDb,
  demoCredentials,
  pushRequest,
  readReply,
  signedPush,
  textMessage,
  startWebhookServer,
  TEST_SECRET_KEY,
  type WebhookServer,
} from '../helpers/webhook';
import { demoAccounts } from '../../db/demo/accounts';

/**
 * A seeded database, the webhook on its real host and a WeChat API simulator with every demo account
 * registered under the seeded secret, for the inbox integration tests.
 */
export interface InboxWorld {
  t: TestDb;
  sim: RunningWechatApiSimulator;
  webhook: WebhookServer;
  config: { apiBase: string; secretKey: string; timeoutMs: number };
  close(): Promise<void>;
}

export async function createInboxWorld(): Promise<InboxWorld> {
  const t = await createSeededAppDb();
  const sim = await startWechatApiSimulator();
  for (const a of demoAccounts) {
    sim.state.registerApp({ appId: a.appId, appSecret: demoAppSecret(a.appId), accountType: a.type, verified: a.verified });
  }
  const webhook = await startWebhookServer();
  resetTokenFlightsForTests();
  return {
    t,
    sim,
    webhook,
    config: { apiBase: sim.url, secretKey: TEST_SECRET_KEY, timeoutMs: 2_000 },
    async close() {
      await sim.close();
      await webhook.close();
      await t.close();
    },
  };
}

export function appIdOf(slug: string): string {
  return demoAccounts.find((a) => a.slug === slug)!.appId;
}

/** The citizen writes: WeChat's side learns of it (window opens) and the webhook receives the push. */
export async function citizenWrites(
  w: InboxWorld,
  slug: string,
  openid: string,
  content: string,
  opts: { secondsAgo?: number } = {},
): Promise<{ status: number; reply: string | null }> {
  const credentials = demoCredentials(slug);
  const at = Date.now() - (opts.secondsAgo ?? 0) * 1000;
  w.sim.state.recordInteraction({ appId: appIdOf(slug), openid, kind: 'message', at });
  const fields = { ...textMessage(credentials, openid, content), CreateTime: Math.floor(at / 1000) };
  const push = signedPush({ slug, credentials, fields });
  const response = await w.webhook.send(pushRequest(push));
  const body = await response.text();
  const opened = body === 'success' || body === '' ? null : readReply(credentials, body);
  const reply = opened?.fields.Content ?? opened?.fields.Articles ?? null;
  return { status: response.status, reply: reply === null ? null : typeof reply === 'string' ? reply : JSON.stringify(reply) };
}

export async function pushEvent(w: InboxWorld, slug: string, fields: Record<string, string | number>): Promise<Response> {
  const credentials = demoCredentials(slug);
  return w.webhook.send(pushRequest(signedPush({ slug, credentials, fields })));
}

export function accountIdOf(w: InboxWorld, slug: string): Promise<string> {
  return accountIdBySlug(w.t.db, slug);
}

export async function conversationOf(w: InboxWorld, slug: string, openid: string) {
  const accountId = await accountIdOf(w, slug);
  const [row] = await w.t.db
    .select({ c: conversations })
    .from(conversations)
    .innerJoin(followers, eq(followers.id, conversations.followerId))
    .where(and(eq(conversations.accountId, accountId), eq(followers.openid, openid)))
    .orderBy(conversations.id);
  return row!.c;
}

export async function staffOf(w: InboxWorld, email: string): Promise<Staff> {
  const [u] = await w.t.db.select().from(users).where(eq(users.email, email));
  // The same view of a user row that a signed-in session gets.
  return staffFromUser(u!);
}

/** Adds an agent-only member to an account (the demo logins are account admins). */
export async function addAgent(w: InboxWorld, slug: string, email: string): Promise<Staff> {
  const [u] = await w.t.db.insert(users).values({ email, name: email, passwordHash: 'x' }).returning();
  await w.t.db.insert(memberships).values({ userId: u!.id, accountId: await accountIdOf(w, slug), role: 'agent' });
  return { id: u!.id, email, name: email, isPlatformAdmin: false, locale: 'zh-CN' };
}

export function handlers(w: InboxWorld) {
  return { [SEND_JOB]: sendReplyHandler(w.config) };
}

/** Runs the outbox until nothing is due (backoff 0 so retries are immediate). */
export async function drainOutbox(w: InboxWorld, rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    const ran = await runDueJobs({ db: w.t.db, handlers: handlers(w), backoff: () => 0 });
    if (ran === 0) return;
  }
}

export async function messageById(w: InboxWorld, id: number) {
  const [m] = await w.t.db.select().from(messages).where(eq(messages.id, id));
  return m!;
}

export function simInbox(w: InboxWorld, slug: string, openid: string) {
  return w.sim.state.inbox(appIdOf(slug), openid);
}

export function customSendCalls(w: InboxWorld, slug: string) {
  return w.sim.state.calls({ path: '/cgi-bin/message/custom/send', appId: appIdOf(slug) });
}
