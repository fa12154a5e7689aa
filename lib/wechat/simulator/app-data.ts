import type { CallQuota } from './quotas';

/** The per-account records the simulator keeps; domain modules read and change them. */

export type AccountType = 'subscription' | 'service';

export interface AppRegistration {
  appId: string;
  appSecret: string;
  accountType: AccountType;
  /** WeChat qualification verification (资质认证), docs/wechat-protocol.md §0. */
  verified: boolean;
  /** Per-API daily call limits replacing the §8 defaults (small values make 45009 testable). */
  dailyLimits?: Record<string, number>;
  /** 「服务器配置」 as a tester saved it in the simulator's admin (POST /__sim/apps/server). */
  server?: ServerConfig;
}

/** What WeChat's admin keeps under 开发 → 基本配置 → 服务器配置. */
export interface ServerConfig {
  url: string;
  token: string;
  encodingAesKey: string | null;
  mode: 'plaintext' | 'compatible' | 'safe';
}

/** Kinds of citizen action that open a customer-service window (docs/wechat-protocol.md §6.2). */
export type WindowKind = 'message' | 'click' | 'subscribe' | 'scan';

export interface ServiceWindow {
  kind: WindowKind;
  openedAt: number;
  expiresAt: number;
  remaining: number;
}

export interface Follower {
  openid: string;
  subscribed: boolean;
  /** Seconds, as user/info reports it: the last follow time. */
  subscribeTime: number;
  unsubscribeTime?: number;
  tagIds: number[];
  remark: string;
  qrScene: number;
  qrSceneStr: string;
  subscribeScene: string;
  windows: Partial<Record<WindowKind, ServiceWindow>>;
  /** 服务号 mass quota: messages received in `month` (Beijing calendar month). */
  massReceived: { month: number; count: number };
}

export interface Tag {
  id: number;
  name: string;
}

export type DeliveryVia = 'custom' | 'mass' | 'template' | 'preview';

/** A message that reached the citizen's phone. */
export interface Delivery {
  /** Monotonic across the simulator; lets a phone poll with `after=` without missing same-ms items. */
  seq: number;
  at: number;
  via: DeliveryVia;
  msgtype: string;
  payload: unknown;
  msgId?: number;
  /** Set when mass/delete withdrew the article after delivery. */
  deleted?: boolean;
}

/**
 * What the phone itself shows besides API deliveries: the citizen's own messages and events, the
 * passive replies the webhook answered with, and WeChat's system notices (e.g. the account did not
 * answer in time). Real WeChat keeps this on the phone; the simulator keeps it so a page reload or
 * a second browser shows the same conversation.
 */
export type ChatVia = 'citizen' | 'passive' | 'system';

export interface ChatEntry {
  /** Shares the delivery sequence, so one `after=` cursor walks the merged timeline. */
  seq: number;
  at: number;
  via: ChatVia;
  msgtype: string;
  payload: unknown;
}

/** One line of the phone's conversation: a chat entry or a delivery, ordered by `seq`. */
export type TimelineEntry = ChatEntry | Delivery;

export type MassStatus = 'SEND_SUCCESS' | 'SENDING' | 'SEND_FAIL' | 'DELETE';

/** What MASSSENDJOBFINISH would report for one mass send (FilterCount = SentCount + ErrorCount). */
export interface MassJob {
  msgId: number;
  msgDataId?: number;
  appId: string;
  at: number;
  kind: 'sendall' | 'send';
  audience: { isToAll: boolean; tagId?: number; openids?: number };
  msgtype: string;
  payload: unknown;
  clientMsgId?: string;
  status: MassStatus;
  totalCount: number;
  filterCount: number;
  sentCount: number;
  errorCount: number;
  recipients: string[];
}

export interface TemplateSend {
  msgid: number;
  at: number;
  openid: string;
  templateId: string;
  clientMsgId?: string;
}

export interface MenuButton {
  type?: string;
  name: string;
  key?: string;
  url?: string;
  media_id?: string;
  article_id?: string;
  appid?: string;
  pagepath?: string;
  sub_button?: MenuButton[];
}

export interface AppData {
  reg: AppRegistration;
  /** Insertion order is follow order; user/get pages walk it. */
  followers: Map<string, Follower>;
  tags: Map<number, Tag>;
  nextTagId: number;
  menu: MenuButton[] | undefined;
  inbox: Map<string, Delivery[]>;
  /** Per citizen: what the phone sent and the passive replies it got (see ChatEntry). */
  chat: Map<string, ChatEntry[]>;
  mass: {
    jobs: Map<number, MassJob>;
    clientMsgIds: Map<string, { msgId: number; at: number }>;
    /** 订阅号: successful mass sends on `day` (Beijing). */
    successes: { day: number; count: number };
    /** media_ids consumed by a successful is_to_all send (docs/wechat-protocol.md §6.3). */
    consumedMedia: Set<string>;
  };
  /** The draft box (draft/add) and what freepublish/submit made of it (docs/wechat-protocol.md §6.3a). */
  publishing: {
    drafts: Map<string, DraftArticle[]>;
    jobs: Map<string, PublishJob>;
    nextDraft: number;
  };
  templates: TemplateSend[];
  /** Permanent QR codes are stable per scene: same scene → same ticket. */
  permanentTickets: Map<string, string>;
  typingUntil: Map<string, number>;
  quota: CallQuota;
}

/** One article of a draft, as draft/add takes it. */
export interface DraftArticle {
  title: string;
  author?: string;
  digest?: string;
  content: string;
  content_source_url?: string;
  thumb_media_id?: string;
}

/** A freepublish/submit job; PUBLISHJOBFINISH reports it (publish_status 0 = published). */
export interface PublishJob {
  publishId: string;
  appId: string;
  mediaId: string;
  at: number;
  articleId: string;
  status: number;
  articleUrls: string[];
}

/** What domain operations need from the simulator around them. */
export interface SimContext {
  now(): number;
  /** Puts a message in the citizen's inbox and tells listeners. */
  deliver(app: AppData, openid: string, delivery: Omit<Delivery, 'seq' | 'at'>): void;
  /** msg_id / msgid values, unique across the simulator. */
  nextMsgId(): number;
  massJobFinished(job: MassJob): void;
  publishJobFinished(job: PublishJob): void;
}
