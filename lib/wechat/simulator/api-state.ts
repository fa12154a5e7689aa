import type {
  AppData,
  AppRegistration,
  ChatEntry,
  ChatVia,
  Delivery,
  Follower,
  MassJob,
  PublishJob,
  MenuButton,
  SimContext,
  TemplateSend,
  TimelineEntry,
} from './app-data';
import { CallLog, type CallFilter, type CallRecord } from './call-log';
import { WechatApiError } from './errcodes';
import { FaultScripts, type FaultScript, type FaultScriptInput } from './faults';
import { recordInteraction, windowSummary, type InteractionKind, type WindowSummary } from './followers';
import { ticketFrom, type QrCode, type ResolvedQr } from './qrcodes';
import { CallQuota, type QuotaUsage } from './quotas';
import { FIRST_TAG_ID } from './tags';
import { systemClock, type Clock } from './time';
import { TokenRegistry, type IssuedToken, type TokenCheck } from './tokens';
import { USER_LIST_PAGE_SIZE } from './users';

export type { AccountType, AppRegistration, ChatEntry, ChatVia, Delivery, Follower, MassJob, TimelineEntry } from './app-data';

/** A citizen's action as the phone reports it to the simulator (real WeChat sees it itself). */
export interface InteractionReport {
  appId: string;
  openid: string;
  kind: InteractionKind;
  /** QR scene of a subscribe/scan: a number is `qr_scene`, a string `qr_scene_str`. */
  scene?: number | string;
  /** Alternatively the ticket (or url) of the scanned QR code; its scene is looked up. */
  ticket?: string;
  /** user/info `subscribe_scene`, e.g. ADD_SCENE_PROFILE_CARD. */
  subscribeScene?: string;
  /** ms; defaults to the simulator clock. */
  at?: number;
}

/** A line the phone adds to its own conversation (see ChatEntry). */
export interface ChatRecord {
  appId: string;
  openid: string;
  via: ChatVia;
  msgtype: string;
  payload: unknown;
  /** ms; defaults to the simulator clock. */
  at?: number;
}

export type SimEvent =
  | { type: 'delivered'; appId: string; openid: string; delivery: Delivery }
  | { type: 'massJobFinished'; job: MassJob }
  | { type: 'publishJobFinished'; job: PublishJob };

export interface WechatApiStateOptions {
  /** Clock in ms since the epoch; tests pass a manual one to expire tokens and windows. */
  now?: Clock;
  /** user/get and user/tag/get page size; WeChat's is 10,000 (docs/wechat-protocol.md §6.5). */
  userListPageSize?: number;
}

/** Deliveries (and, separately, chat entries) kept per citizen; older ones are dropped so a long demo stays small. */
const MAX_INBOX = 1000;
/** A typing indicator lasts this long unless cancelled. Guess: WeChat's client shows ~15 s. */
const TYPING_MS = 15_000;

function appendCapped<T>(lists: Map<string, T[]>, openid: string, item: T): void {
  let list = lists.get(openid);
  if (!list) {
    list = [];
    lists.set(openid, list);
  }
  list.push(item);
  if (list.length > MAX_INBOX) list.splice(0, list.length - MAX_INBOX);
}

function newAppData(reg: AppRegistration): AppData {
  return {
    reg: { ...reg },
    followers: new Map(),
    tags: new Map(),
    nextTagId: FIRST_TAG_ID,
    menu: undefined,
    inbox: new Map(),
    chat: new Map(),
    mass: {
      jobs: new Map(),
      clientMsgIds: new Map(),
      successes: { day: -1, count: 0 },
      consumedMedia: new Set(),
    },
    publishing: { drafts: new Map(), jobs: new Map(), nextDraft: 1 },
    templates: [],
    permanentTickets: new Map(),
    typingUntil: new Map(),
    quota: new CallQuota(reg.dailyLimits),
  };
}

/**
 * Everything the fake `api.weixin.qq.com` remembers: accounts, tokens, followers, windows,
 * tags, sends, QR codes, menus, call counters, fault scripts and the call log. No HTTP here;
 * `api-routes.ts` maps WeChat's endpoints onto it.
 */
export class WechatApiState implements SimContext {
  readonly userListPageSize: number;
  private readonly clock: Clock;
  private readonly apps = new Map<string, AppData>();
  private readonly tokens = new TokenRegistry();
  private readonly tickets = new Map<string, QrCode>();
  private readonly faults = new FaultScripts();
  private readonly log = new CallLog();
  private readonly listeners = new Set<(event: SimEvent) => void>();
  private msgSeq = 1_000_000_000;
  private deliverySeq = 0;

  constructor(opts: WechatApiStateOptions = {}) {
    this.clock = opts.now ?? systemClock;
    this.userListPageSize = opts.userListPageSize ?? USER_LIST_PAGE_SIZE;
  }

  now(): number {
    return this.clock();
  }

  // ---- accounts ----------------------------------------------------------------------------

  /** Adds an account, or updates its settings while keeping its followers and history. */
  registerApp(reg: AppRegistration): void {
    const existing = this.apps.get(reg.appId);
    if (!existing) {
      this.apps.set(reg.appId, newAppData(reg));
      return;
    }
    // A re-registration (the demo's sync from the database) keeps the tester's server settings.
    existing.reg = { ...reg, server: reg.server ?? existing.reg.server };
    for (const [path, limit] of Object.entries(reg.dailyLimits ?? {})) existing.quota.setDailyLimit(path, limit);
  }

  /** Registered accounts without their secrets. */
  listApps(): Array<Omit<AppRegistration, 'appSecret' | 'server'>> {
    return [...this.apps.values()].map(({ reg: { appSecret: _secret, server: _server, ...rest } }) => rest);
  }

  app(appId: string): AppData | undefined {
    return this.apps.get(appId);
  }

  requireApp(appId: string): AppData {
    const app = this.apps.get(appId);
    if (!app) throw new WechatApiError(40013);
    return app;
  }

  /**
   * Forgets tokens, followers, messages, scripts and the call log. Accounts stay registered
   * unless `keepApps` is false: they are configuration the product relies on, not test state.
   */
  reset(opts: { keepApps?: boolean } = {}): void {
    const regs = opts.keepApps === false ? [] : [...this.apps.values()].map((a) => a.reg);
    this.apps.clear();
    for (const reg of regs) this.apps.set(reg.appId, newAppData(reg));
    this.tokens.clear();
    this.tickets.clear();
    this.faults.clear();
    this.log.clear();
  }

  // ---- tokens (docs/wechat-protocol.md §6.1) --------------------------------------------------------------

  private checkSecret(appId: string, secret: string): void {
    const app = this.requireApp(appId);
    if (app.reg.appSecret !== secret) throw new WechatApiError(40125);
  }

  issueAccessToken(appId: string, secret: string): IssuedToken {
    this.checkSecret(appId, secret);
    return this.tokens.issueClassic(appId, this.now());
  }

  issueStableToken(appId: string, secret: string, forceRefresh = false): IssuedToken {
    this.checkSecret(appId, secret);
    return this.tokens.issueStable(appId, this.now(), forceRefresh);
  }

  checkAccessToken(token: string): TokenCheck {
    return this.tokens.check(token, this.now());
  }

  tokenOwner(token: string): string | undefined {
    return this.tokens.ownerOf(token);
  }

  // ---- citizens ----------------------------------------------------------------------------

  recordInteraction(report: InteractionReport): Follower {
    const app = this.requireApp(report.appId);
    let qr: { sceneId?: number; sceneStr?: string } | undefined;
    let subscribeScene = report.subscribeScene;
    if (report.ticket) {
      // A phone can only follow through a live code of this very account.
      const code = this.resolveTicket(report.ticket);
      if (!code || code.appId !== report.appId) throw new WechatApiError(40053, 'unknown QR ticket for this account');
      if (code.expired) throw new WechatApiError(40053, 'QR code expired');
      qr = code.sceneId !== undefined ? { sceneId: code.sceneId } : { sceneStr: code.sceneStr };
    } else if (typeof report.scene === 'number') {
      qr = { sceneId: report.scene };
    } else if (typeof report.scene === 'string' && report.scene !== '') {
      qr = { sceneStr: report.scene };
    }
    if (qr && !subscribeScene) subscribeScene = 'ADD_SCENE_QR_CODE';
    const follower = recordInteraction(app, {
      openid: report.openid,
      kind: report.kind,
      at: report.at ?? this.now(),
      qr,
      subscribeScene,
    });
    return structuredClone(follower);
  }

  follower(appId: string, openid: string): Follower | undefined {
    const f = this.apps.get(appId)?.followers.get(openid);
    return f ? structuredClone(f) : undefined;
  }

  followers(appId: string): Follower[] {
    return [...(this.apps.get(appId)?.followers.values() ?? [])].map((f) => structuredClone(f));
  }

  /** How many customer-service messages the account may still send this citizen, and until when. */
  serviceWindow(appId: string, openid: string): WindowSummary {
    return windowSummary(this.apps.get(appId)?.followers.get(openid), this.now());
  }

  /** Messages delivered to the citizen; `since` is ms (exclusive), `after` a delivery seq. */
  inbox(appId: string, openid: string, opts: { since?: number; after?: number } = {}): Delivery[] {
    const list = this.apps.get(appId)?.inbox.get(openid) ?? [];
    return list
      .filter((d) => (opts.since === undefined || d.at > opts.since) && (opts.after === undefined || d.seq > opts.after))
      .map((d) => structuredClone(d));
  }

  /** Adds what the phone sent or was answered to the citizen's conversation. */
  recordChat(record: ChatRecord): ChatEntry {
    const app = this.requireApp(record.appId);
    const entry: ChatEntry = {
      seq: ++this.deliverySeq,
      at: record.at ?? this.now(),
      via: record.via,
      msgtype: record.msgtype,
      payload: structuredClone(record.payload),
    };
    appendCapped(app.chat, record.openid, entry);
    return structuredClone(entry);
  }

  /**
   * The phone's whole conversation with an account: chat entries and deliveries merged in `seq`
   * order. `since` is ms (exclusive), `after` a seq, as for `inbox`.
   */
  conversation(appId: string, openid: string, opts: { since?: number; after?: number } = {}): TimelineEntry[] {
    const chat = this.apps.get(appId)?.chat.get(openid) ?? [];
    const keep = (e: TimelineEntry) =>
      (opts.since === undefined || e.at > opts.since) && (opts.after === undefined || e.seq > opts.after);
    const own = chat.filter(keep).map((e) => structuredClone(e));
    return [...own, ...this.inbox(appId, openid, opts)].sort((a, b) => a.seq - b.seq);
  }

  isTyping(appId: string, openid: string): boolean {
    const until = this.apps.get(appId)?.typingUntil.get(openid);
    return until !== undefined && until > this.now();
  }

  setTyping(app: AppData, openid: string, typing: boolean): void {
    if (typing) app.typingUntil.set(openid, this.now() + TYPING_MS);
    else app.typingUntil.delete(openid);
  }

  // ---- sends -------------------------------------------------------------------------------

  massJobs(appId: string): MassJob[] {
    return [...(this.apps.get(appId)?.mass.jobs.values() ?? [])].map((j) => structuredClone(j));
  }

  /** The MASSSENDJOBFINISH figures of one send. */
  massJob(appId: string, msgId: number): MassJob | undefined {
    const job = this.apps.get(appId)?.mass.jobs.get(msgId);
    return job ? structuredClone(job) : undefined;
  }

  /** What freepublish/submit published for an account, oldest first. */
  publishJobs(appId: string): PublishJob[] {
    return [...(this.apps.get(appId)?.publishing.jobs.values() ?? [])].map((j) => structuredClone(j));
  }

  templateSends(appId: string): TemplateSend[] {
    return (this.apps.get(appId)?.templates ?? []).map((t) => ({ ...t }));
  }

  menu(appId: string): MenuButton[] | undefined {
    const menu = this.apps.get(appId)?.menu;
    return menu ? structuredClone(menu) : undefined;
  }

  // ---- QR codes (docs/wechat-protocol.md §6.6) ------------------------------------------------------------

  /** The registry qrcode/create writes to. */
  qrTickets(): Map<string, QrCode> {
    return this.tickets;
  }

  /** Which account and scene a scanned QR carries; accepts the ticket or the code's url. */
  resolveTicket(ticketOrUrl: string): ResolvedQr | undefined {
    const code = this.tickets.get(ticketFrom(ticketOrUrl));
    if (!code) return undefined;
    return { ...code, expired: code.expiresAt !== undefined && code.expiresAt <= this.now() };
  }

  // ---- quotas (docs/wechat-protocol.md §8) ----------------------------------------------------------------

  setDailyLimit(appId: string, path: string, limit: number): void {
    this.requireApp(appId).quota.setDailyLimit(path, limit);
  }

  dailyUsage(appId: string, path: string): QuotaUsage {
    return this.requireApp(appId).quota.usage(path, this.now());
  }

  // ---- faults and call log -----------------------------------------------------------------

  /** Makes the next `times` calls to `path` fail as described (see faults.ts). */
  script(input: FaultScriptInput): FaultScript {
    return this.faults.add(input);
  }

  pendingScripts(): ReturnType<FaultScripts['pending']> {
    return this.faults.pending();
  }

  takeFault(path: string, appId: string | undefined): FaultScript | undefined {
    return this.faults.take(path, appId);
  }

  recordCall(record: Omit<CallRecord, 'seq'>): CallRecord {
    return this.log.add(record);
  }

  calls(filter: CallFilter = {}): CallRecord[] {
    return this.log.list(filter).map((c) => structuredClone(c));
  }

  // ---- events ------------------------------------------------------------------------------

  /** Listen for deliveries and finished mass jobs (e.g. to push MASSSENDJOBFINISH to a webhook). */
  onEvent(listener: (event: SimEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: SimEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A faulty listener must not turn a delivered message into an API error.
      }
    }
  }

  // ---- SimContext --------------------------------------------------------------------------

  deliver(app: AppData, openid: string, delivery: Omit<Delivery, 'seq' | 'at'>): void {
    const stored: Delivery = { ...delivery, seq: ++this.deliverySeq, at: this.now() };
    appendCapped(app.inbox, openid, stored);
    app.typingUntil.delete(openid);
    this.emit({ type: 'delivered', appId: app.reg.appId, openid, delivery: structuredClone(stored) });
  }

  nextMsgId(): number {
    return ++this.msgSeq;
  }

  massJobFinished(job: MassJob): void {
    this.emit({ type: 'massJobFinished', job: structuredClone(job) });
  }

  publishJobFinished(job: PublishJob): void {
    this.emit({ type: 'publishJobFinished', job: structuredClone(job) });
  }
}
