import { EVENTS_MENU_KEY } from '../../lib/events/parse-command';
import type { PassiveReply } from '../../lib/wechat/reply';

export interface DemoAccount {
  slug: string;
  name: string;
  wechatId: string;
  originalId: string;
  type: 'subscription' | 'service';
  category:
    | 'government' | 'police' | 'youth' | 'weather' | 'emergency' | 'transport' | 'health'
    | 'education' | 'culture' | 'environment' | 'social_security' | 'other';
  regionCode: string;
  department: string;
  description: string;
  verified: boolean;
  verifiedBy?: string;
  verificationMethod?: 'wechat_certified' | 'domain' | 'manual';
  verificationDomain?: string;
  /** How the verification was established, shown on the account page. */
  verificationEvidence?: string;
  /** The official follow link the QR code encodes; the demo leaves it to the simulator. */
  followUrl?: string;
  appId: string;
  token: string;
  encodingAesKey: string;
  messageMode: 'plaintext' | 'compatible' | 'safe';
  followerCount: number;
  serviceTargetHours?: number;
  menu?: unknown;
  rules?: Array<{ kind: 'subscribe' | 'keyword' | 'click' | 'default'; matchType?: 'exact' | 'contains'; pattern?: string; reply: PassiveReply; priority?: number }>;
  canned?: Array<{ title: string; body: string }>;
}

const text = (content: string): PassiveReply => ({ type: 'text', content });

/**
 * Where the portal's own address goes in a demo menu or reply. The seed puts the configured
 * origin there (NEXTAUTH_URL through lib/env, see db/seed.ts): a menu button is an absolute URL
 * that WeChat opens as is, so it cannot be relative, and must not be a hard-coded localhost.
 */
const PORTAL = '{portal}';

/** The demo's menus and replies with the portal's origin put in (see PORTAL). */
export function withPortalOrigin<T>(value: T, origin: string): T {
  const base = origin.replace(/\/+$/, '');
  const put = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replaceAll(PORTAL, base);
    if (Array.isArray(v)) return v.map(put);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, put(x)]));
    return v;
  };
  return put(value) as T;
}

/** Keys for the non-headline demo accounts: deterministic, 43 characters, [A-Za-z0-9]. */
function demoKey(seed: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  let h = 2166136261;
  for (let i = 0; out.length < 43; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i % seed.length) ^ i, 16777619) >>> 0;
    out += alphabet[h % alphabet.length];
  }
  return out;
}

/** How a verification was established, in the words the account page shows. */
function evidenceFor(a: Pick<DemoAccount, 'verified' | 'verificationMethod' | 'verificationDomain' | 'department'>): string | undefined {
  if (!a.verified) return undefined;
  if (a.verificationMethod === 'domain' && a.verificationDomain) return `https://${a.verificationDomain}/.well-known/wegov.json`;
  if (a.verificationMethod === 'wechat_certified') return `微信公众平台政府类认证，认证主体：${a.department}`;
  return undefined;
}

function plainAccount(a: Omit<DemoAccount, 'token' | 'encodingAesKey' | 'messageMode' | 'appId'> & { appId?: string }): DemoAccount {
  const suffix = a.slug.replace(/[^a-z]/g, '').slice(0, 12);
  return {
    appId: a.appId ?? `wxdemo${suffix.padEnd(12, '0')}`,
    token: `${suffix}demotoken`.slice(0, 32),
    encodingAesKey: demoKey(a.slug),
    messageMode: 'safe',
    verificationEvidence: evidenceFor(a),
    ...a,
    rules: a.rules ?? [
      { kind: 'subscribe', reply: text(`欢迎关注「${a.name}」！${a.description}`) },
      { kind: 'default', reply: text(`您好，这里是${a.department}。您的留言已收到，工作人员会在工作时间内回复。`) },
    ],
  };
}

export const demoAccounts: DemoAccount[] = [
  {
    slug: 'zhongshan-youth',
    name: '中山青年',
    wechatId: 'zsqingnian',
    originalId: 'gh_5a1b2c3d4e5f',
    type: 'subscription',
    category: 'youth',
    regionCode: '442000',
    department: '共青团中山市委员会',
    description: '共青团中山市委官方公众号：志愿服务、青年活动、公益报名。',
    verified: true,
    verifiedBy: '微信认证',
    verificationMethod: 'wechat_certified',
    verificationEvidence: '微信公众平台政府类认证，认证主体：共青团中山市委员会',
    appId: 'wx5a1b2c3d4e5f6a7b',
    token: 'zsyouth-demo-token',
    encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
    messageMode: 'compatible',
    followerCount: 86_000,
    serviceTargetHours: 48,
    // Every button leads somewhere (tests/integration/chat-demo-menus.test.ts): 近期活动 is
    // answered by the events hook with the events open now and their 报名 keywords; 活动日历
    // opens the account's events on the portal.
    menu: {
      button: [
        { type: 'click', name: '近期活动', key: EVENTS_MENU_KEY },
        { type: 'view', name: '活动日历', url: `${PORTAL}/accounts/zhongshan-youth#events` },
        { type: 'view', name: '官网', url: 'https://www.zsyouth.example.cn/' },
      ],
    },
    rules: [
      { kind: 'subscribe', reply: text('欢迎关注中山青年！\n点菜单「近期活动」或回复「报名」，查看近期志愿活动和各自的报名口令；报名后的确认消息里写着怎样取消。') },
      // A keyword rule's text is fixed when it is written, so it points to the live list instead
      // of copying it (a copied list goes stale the day an event fills up or a new one is added).
      { kind: 'keyword', matchType: 'exact', pattern: '志愿', reply: text(`近期志愿活动随时更新：回复「报名」查看活动和各自的报名口令，也可以在网页上查看并报名：${PORTAL}/accounts/zhongshan-youth#events`) },
      { kind: 'keyword', matchType: 'exact', pattern: '你好', reply: text('你好！这里是中山青年，有什么可以帮你？') },
      { kind: 'keyword', matchType: 'contains', pattern: '活动', reply: text('近期活动请回复「报名」查看，或点菜单「近期活动」。') },
      { kind: 'default', reply: text('收到你的留言啦，团市委工作人员会在工作时间（周一至周五 9:00–18:00）回复你。') },
    ],
    canned: [
      { title: '活动报名方式', body: '您好！回复「报名」即可看到近期活动，每个活动后面写着它的报名口令（「报名」加活动编号），照着回复就能报名，报名成功后会收到确认消息。' },
      { title: '志愿时长证明', body: '志愿时长证明可在“i志愿”平台自助打印，如有疑问请致电 0760-88888888。' },
    ],
  },
  {
    slug: 'zhaoqing-police',
    name: '平安肇庆',
    wechatId: 'pazq110',
    originalId: 'gh_7b6a5f4e3d2c',
    type: 'service',
    category: 'police',
    regionCode: '441200',
    department: '肇庆市公安局',
    description: '肇庆市公安局官方服务号：户政、出入境、交管业务咨询与警情通报。',
    verified: true,
    verifiedBy: '微信认证',
    verificationMethod: 'wechat_certified',
    verificationEvidence: '微信公众平台政府类认证，认证主体：肇庆市公安局',
    appId: 'wx7b6a5f4e3d2c1b0a',
    token: 'zqpolice-demo-token',
    encodingAesKey: '0123456789abcdefghijABCDEFGHIJklmnopqrstuvw',
    messageMode: 'safe',
    followerCount: 420_000,
    serviceTargetHours: 24,
    menu: {
      button: [
        { type: 'click', name: '办事指南', key: 'POLICE_GUIDE' },
        { type: 'click', name: '我要咨询', key: 'POLICE_ASK' },
        {
          name: '便民服务',
          sub_button: [
            { type: 'view', name: '网上报警', url: 'https://www.zqga.example.cn/report' },
            { type: 'click', name: '近期活动', key: EVENTS_MENU_KEY },
          ],
        },
      ],
    },
    rules: [
      { kind: 'subscribe', reply: text('欢迎关注平安肇庆！\n回复「身份证」查看身份证办理指南；\n紧急情况请直接拨打 110。') },
      { kind: 'keyword', matchType: 'exact', pattern: '身份证', reply: text('身份证补领：携带户口簿到户籍所在地派出所户籍窗口办理，工本费 40 元，约 15 个工作日领取。可申请临时身份证。') },
      { kind: 'keyword', matchType: 'contains', pattern: '报警', reply: text('如遇紧急情况，请立即拨打 110 报警电话。本公众号不受理紧急警情。') },
      { kind: 'keyword', matchType: 'contains', pattern: '户口', reply: text('户口迁移、落户业务请携带身份证、户口簿到户籍窗口咨询，或回复具体问题，民警会尽快答复。') },
      { kind: 'keyword', matchType: 'contains', pattern: '出入境', reply: text('出入境证件（护照、往来港澳通行证、往来台湾通行证）：通过“广东公安”小程序预约，办理时携带身份证到出入境窗口，首次办理需现场采集指纹和照片。') },
      // The button answers itself; the keywords at the end are for the full text of each.
      { kind: 'click', pattern: 'POLICE_GUIDE', reply: text('办事指南\n· 身份证补领：携带户口簿到户籍所在地派出所户籍窗口，工本费 40 元，约 15 个工作日领取，可同时申请临时身份证。\n· 户口迁移、落户：携带身份证、户口簿到户籍窗口办理。\n· 出入境证件：通过“广东公安”小程序预约，携带身份证到出入境窗口办理。\n各项详细说明请回复「身份证」「户口」「出入境」。') },
      { kind: 'click', pattern: 'POLICE_ASK', reply: text('请直接输入您的问题，民警将在 1 个工作日内答复。') },
      { kind: 'default', reply: text('您的咨询已收到，民警将在 1 个工作日内答复。紧急情况请拨打 110。') },
    ],
    canned: [
      { title: '身份证补领', body: '您好，身份证补领请携带户口簿到户籍所在地派出所办理，可同时申请临时身份证。' },
      { title: '出入境预约', body: '您好，出入境证件可通过“广东公安”小程序预约办理，办理时请携带身份证。' },
      { title: '已转交', body: '您好，您的问题已转交相关部门处理，我们会尽快回复您。' },
    ],
  },
  plainAccount({ slug: 'zhongshan-weather', name: '中山天气', wechatId: 'zsweather', originalId: 'gh_0a1b2c3d4e02', type: 'subscription', category: 'weather', regionCode: '442000', department: '中山市气象局', description: '天气预报、台风与暴雨预警信息发布。', verified: true, verifiedBy: '微信认证', verificationMethod: 'wechat_certified', followerCount: 230_000, rules: [
    // No 「预警」 keyword and no menu: the replies name only what exists (the 12121 hotline is the
    // national weather line).
    { kind: 'subscribe', reply: text('欢迎关注中山天气！回复「台风」查看台风防御指引。生效中的预警会第一时间推送给您，也可拨打 12121 气象服务热线。') },
    { kind: 'keyword', matchType: 'contains', pattern: '台风', reply: text('台风防御指引：关好门窗，收好阳台物品，远离广告牌和临时建筑，非必要不外出。') },
    { kind: 'default', reply: text('中山天气：回复「台风」查看台风防御指引；天气预报和预警可拨打 12121 气象服务热线。') },
  ] }),
  plainAccount({ slug: 'zhongshan-emergency', name: '中山应急', wechatId: 'zsyingji', originalId: 'gh_0a1b2c3d4e03', type: 'subscription', category: 'emergency', regionCode: '442000', department: '中山市应急管理局', description: '突发事件预警、防灾减灾科普与避难场所查询。', verified: true, verifiedBy: 'www.zs.gov.cn', verificationMethod: 'domain', verificationDomain: 'www.zs.gov.cn', followerCount: 98_000 }),
  plainAccount({ slug: 'zhongshan-release', name: '中山发布', wechatId: 'zsfabu', originalId: 'gh_0a1b2c3d4e04', type: 'service', category: 'government', regionCode: '442000', department: '中山市人民政府新闻办公室', description: '中山市人民政府官方发布平台。', verified: true, verifiedBy: '微信认证', verificationMethod: 'wechat_certified', followerCount: 760_000 }),
  plainAccount({ slug: 'xiaolan-release', name: '小榄发布', wechatId: 'xiaolanfabu', originalId: 'gh_0a1b2c3d4e05', type: 'subscription', category: 'government', regionCode: '442000100', department: '中山市小榄镇人民政府', description: '小榄镇政务信息与便民服务。', verified: true, verifiedBy: '微信认证', verificationMethod: 'wechat_certified', followerCount: 41_000 }),
  plainAccount({ slug: 'guangzhou-police', name: '广州公安', wechatId: 'gzjd110', originalId: 'gh_0a1b2c3d4e06', type: 'service', category: 'police', regionCode: '440100', department: '广州市公安局', description: '广州市公安局官方服务号，便民业务办理与警情通报。', verified: true, verifiedBy: '微信认证', verificationMethod: 'wechat_certified', followerCount: 2_300_000 }),
  plainAccount({ slug: 'guangzhou-weather', name: '广州天气', wechatId: 'gzweather', originalId: 'gh_0a1b2c3d4e07', type: 'subscription', category: 'weather', regionCode: '440100', department: '广州市气象台', description: '广州天气预报、暴雨与高温预警。', verified: true, verifiedBy: '微信认证', verificationMethod: 'wechat_certified', followerCount: 1_100_000 }),
  plainAccount({ slug: 'baiyun-emergency', name: '广州应急-白云', wechatId: 'gzyjby', originalId: 'gh_0a1b2c3d4e14', type: 'subscription', category: 'emergency', regionCode: '440111', department: '广州市白云区应急管理局', description: '白云区突发事件预警、防灾减灾知识与安全生产信息发布。', verified: true, verifiedBy: '微信认证', verificationMethod: 'wechat_certified', followerCount: 150_000 }),
  plainAccount({ slug: 'guangzhou-transport', name: '广州交通', wechatId: 'gzjtxx', originalId: 'gh_0a1b2c3d4e08', type: 'service', category: 'transport', regionCode: '440100', department: '广州市交通运输局', description: '公交地铁出行信息、道路施工与交通管制通告。', verified: true, verifiedBy: '微信认证', verificationMethod: 'wechat_certified', followerCount: 640_000 }),
  plainAccount({ slug: 'healthy-guangzhou', name: '健康广州', wechatId: 'jiankanggz', originalId: 'gh_0a1b2c3d4e09', type: 'service', category: 'health', regionCode: '440100', department: '广州市卫生健康委员会', description: '预约挂号、疫苗接种与健康科普。', verified: true, verifiedBy: 'www.gz.gov.cn', verificationMethod: 'domain', verificationDomain: 'www.gz.gov.cn', followerCount: 1_500_000 }),
  plainAccount({ slug: 'tianhe-release', name: '天河发布', wechatId: 'tianhefabu', originalId: 'gh_0a1b2c3d4e10', type: 'subscription', category: 'government', regionCode: '440106', department: '广州市天河区人民政府', description: '天河区政务发布与民生服务。', verified: true, verifiedBy: '微信认证', verificationMethod: 'wechat_certified', followerCount: 380_000 }),
  plainAccount({ slug: 'zhaoqing-weather', name: '肇庆天气', wechatId: 'zqweather', originalId: 'gh_0a1b2c3d4e11', type: 'subscription', category: 'weather', regionCode: '441200', department: '肇庆市气象局', description: '肇庆天气预报与灾害性天气预警。', verified: true, verifiedBy: '微信认证', verificationMethod: 'wechat_certified', followerCount: 120_000 }),
  plainAccount({ slug: 'zhaoqing-emergency', name: '肇庆应急管理', wechatId: 'zqyjgl', originalId: 'gh_0a1b2c3d4e12', type: 'subscription', category: 'emergency', regionCode: '441200', department: '肇庆市应急管理局', description: '应急预警发布、安全生产与防灾科普。', verified: true, verifiedBy: '微信认证', verificationMethod: 'wechat_certified', followerCount: 67_000 }),
  plainAccount({ slug: 'duanzhou-youth', name: '端州青年', wechatId: 'dzqingnian', originalId: 'gh_0a1b2c3d4e13', type: 'subscription', category: 'youth', regionCode: '441202', department: '共青团肇庆市端州区委员会', description: '端州区青年志愿服务与青少年活动。', verified: true, verifiedBy: '微信认证', verificationMethod: 'wechat_certified', followerCount: 23_000 }),
  // The demo's story: in Zhongshan, police officers opened 「中山市公安局」 and 「平安中山」 on their
  // own, as individuals. Neither was ever verified and both lay idle (no auto-replies, no posts);
  // they are look-alikes, not the police's accounts, and Zhongshan's police has no verified
  // account in the directory yet. Listed so /verify can say so; never shown as official.
  plainAccount({ slug: 'zhongshan-gaj-lookalike', name: '中山市公安局', wechatId: 'zsgaj2019', originalId: 'gh_f00000000001', type: 'subscription', category: 'police', regionCode: '442000', department: '个人', description: '民警以个人身份开设的订阅号，用了单位的名称，但从未通过认证，开设后一直闲置，没有发布过内容。它不是中山市公安局的官方账号。', verified: false, followerCount: 3_200, rules: [] }),
  plainAccount({ slug: 'zhongshan-pingan-lookalike', name: '平安中山', wechatId: 'pinganzs110', originalId: 'gh_f00000000002', type: 'subscription', category: 'police', regionCode: '442000', department: '个人', description: '民警以个人身份开设的订阅号，从未通过认证，开设后一直闲置，没有发布过内容。它不是中山市公安局的官方账号。', verified: false, followerCount: 1_800, rules: [] }),
];
