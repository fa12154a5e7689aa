import { afterEach } from 'vitest';
import {
  createManualClock,
  startWechatApiSimulator,
  WechatApiState,
  type AccountType,
  type ManualClock,
  type RunningWechatApiSimulator,
} from '../../../lib/wechat/simulator';

/** A simulator on a random port with a hand-moved clock; closed after each test. */
export interface Harness {
  sim: RunningWechatApiSimulator;
  state: WechatApiState;
  clock: ManualClock;
  get(path: string, query?: Record<string, string>): Promise<Json>;
  post(path: string, body: unknown, query?: Record<string, string>): Promise<Json>;
  /** Registers an account and returns a valid access token for it. */
  account(opts?: Partial<{ appId: string; type: AccountType; verified: boolean; limits: Record<string, number> }>): Promise<Account>;
}

export interface Account {
  appId: string;
  secret: string;
  token: string;
  /** Fetches a fresh stable token (after the clock moved past expiry). */
  renewToken(): Promise<void>;
  get(path: string, query?: Record<string, string>): Promise<Json>;
  post(path: string, body: unknown, query?: Record<string, string>): Promise<Json>;
  /** Reports a citizen action as the phone would. */
  citizen(openid: string, kind: 'message' | 'click' | 'subscribe' | 'unsubscribe' | 'scan', extra?: Record<string, unknown>): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary WeChat JSON shapes
export type Json = Record<string, any>;

const running: RunningWechatApiSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

let appSeq = 0;

export async function startHarness(opts: { userListPageSize?: number; prefix?: string } = {}): Promise<Harness> {
  const clock = createManualClock();
  const state = new WechatApiState({ now: clock.now, userListPageSize: opts.userListPageSize });
  const sim = await startWechatApiSimulator({ state });
  running.push(sim);

  const url = (path: string, query: Record<string, string> = {}) => {
    const u = new URL(sim.url + path);
    for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
    return u;
  };
  const get = async (path: string, query?: Record<string, string>) => (await fetch(url(path, query))).json() as Promise<Json>;
  const post = async (path: string, body: unknown, query?: Record<string, string>) =>
    (await fetch(url(path, query), { method: 'POST', body: JSON.stringify(body) })).json() as Promise<Json>;

  const harness: Harness = {
    sim,
    state,
    clock,
    get,
    post,
    account: async (o = {}) => {
      appSeq += 1;
      const appId = o.appId ?? `wx${appSeq.toString(16).padStart(16, '0')}`;
      const secret = `secret-${appId}`;
      const reg = await post('/__sim/apps', {
        appId,
        appSecret: secret,
        accountType: o.type ?? 'service',
        verified: o.verified ?? true,
        dailyLimits: o.limits,
      });
      if (reg.ok !== true) throw new Error(`register failed: ${JSON.stringify(reg)}`);
      const fetchToken = async () =>
        (await post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: appId, secret })).access_token as string;
      const acct: Account = {
        appId,
        secret,
        token: await fetchToken(),
        renewToken: async () => {
          acct.token = await fetchToken();
        },
        get: (path, query = {}) => get(path, { access_token: acct.token, ...query }),
        post: (path, body, query = {}) => post(path, body, { access_token: acct.token, ...query }),
        citizen: async (openid, kind, extra = {}) => {
          const r = await post('/__sim/interactions', { appId, openid, kind, at: clock.now(), ...extra });
          if (r.ok !== true) throw new Error(`interaction failed: ${JSON.stringify(r)}`);
        },
      };
      return acct;
    },
  };
  return harness;
}

export const text = (touser: string, content = '您好') => ({ touser, msgtype: 'text', text: { content } });
