import * as OpenCC from 'opencc-js/cn2t';
import type { Locale } from './locales';
import { accountsAdminEn, accountsAdminZh } from './dict/accounts-admin';
import { adminEn, adminZh } from './dict/admin';
import { directoryEn, directoryZh } from './dict/directory';
import { eventsEn, eventsZh } from './dict/events';
import { eventsAdminEn, eventsAdminZh } from './dict/events-admin';
import { inboxEn, inboxZh } from './dict/inbox';
import { simulatorEn, simulatorZh } from './dict/simulator';
import { recordsEn, recordsZh } from './dict/records';
import { staffEn, staffZh } from './dict/staff';
import { repliesEn, repliesZh } from './dict/replies';
import { menuTagsEn, menuTagsZh } from './dict/menu-tags';
import { broadcastsEn, broadcastsZh } from './dict/broadcasts';
import { broadcastDeliveryEn, broadcastDeliveryZh } from './dict/broadcast-delivery';
import { serviceEn, serviceZh } from './dict/service';
import { serviceQueueEn, serviceQueueZh } from './dict/service-queue';

/**
 * UI copy. Simplified Chinese is the default; Traditional Chinese and English are switchable
 * (docs/accessibility.md). Each feature keeps its keys in lib/i18n/dict/<feature>.ts and writes
 * them in Simplified Chinese and English (the types enforce both); Traditional Chinese is derived
 * from the Simplified text below, so no key can be missing from it.
 */
const coreZh = {
  'site.name': '政务微信门户',
  'site.tagline': '找到、核实并关注真正的政务公众号',
  'nav.directory': '公众号目录',
  'nav.admin': '工作台',
  'nav.login': '工作人员登录',
  'nav.logout': '退出登录',
  'nav.logoutEverywhere': '退出所有设备',
  'nav.simulator': '微信模拟器',
  'nav.skip': '跳到主要内容',
  'nav.main': '主导航',
  'nav.verify': '核实',
  'nav.events': '活动',
  'nav.staff': '工作人员入口',
  'locale.label': '语言',
  'locale.current': '当前语言：{name}',
  'elder.switch': '长辈模式',
  'elder.hint': '字更大、对比更强、页面不动',
  'demo.notice': '演示站点',
  'meta.title': '政务微信门户 WeGov',
  'meta.description': '找到、核实并关注真正的政务微信公众号。',
  'manifest.name': '政务微信门户 · 咨询收件箱',
  'manifest.shortName': '咨询收件箱',
  'manifest.description': '工作人员在手机上回复群众咨询。',
  'home.heading': '已核实的政务公众号',
  'home.empty': '还没有收录公众号。',
  'home.verified': '已认证',
  'home.unverified': '未认证，非官方',
  'login.heading': '工作人员登录',
  'login.email': '邮箱',
  'login.password': '密码',
  'login.submit': '登录',
  'login.pending': '正在登录…',
  'login.invalid': '邮箱或密码不正确。',
  'login.throttled': '这个网络地址尝试次数过多，请稍后再试。',
  'login.attemptsLeft': '邮箱或密码不正确。再错 {n} 次，就需要等待一段时间才能再试。',
  'login.attemptsNone': '邮箱或密码不正确。下一次尝试前需要等待一段时间。',
  'login.expired': '登录已失效，请重新登录。',
  'login.demo': '演示账号',
  'admin.heading': '我的公众号',
  'admin.empty': '你还没有加入任何公众号，请联系平台管理员。',
  'admin.role': '角色',
  'admin.followers': '关注者',
  'admin.openConversations': '待处理咨询',
  'admin.recentMessages': '最近收到的消息',
  'admin.noMessages': '还没有收到消息。用微信模拟器发一条试试。',
  'admin.rules': '自动回复规则',
  'admin.sections': '账号管理',
  'admin.noRules': '还没有自动回复规则。',
  'admin.webhook': '服务器地址 (URL)',
  'admin.mode': '消息加解密方式',
  'admin.back': '返回',
  'role.platform_admin': '平台管理员',
  'role.account_admin': '账号管理员',
  'role.editor': '编辑',
  'role.reviewer': '审核',
  'role.agent': '客服',
  'mode.plaintext': '明文模式',
  'mode.compatible': '兼容模式',
  'mode.safe': '安全模式',
  'rule.subscribe': '关注欢迎语',
  'rule.keyword': '关键词',
  'rule.click': '菜单点击',
  'rule.default': '默认回复',
  'notFound.heading': '页面不存在',
  'notFound.body': '你要找的页面不存在，可能是链接写错了，或者页面已经删除。',
  'error.heading': '出错了',
  'error.body': '页面暂时无法显示，请稍后重试。',
  'error.retry': '重试',
  'loading': '加载中…',
  'punct.comma': '，',
  'punct.enum': '、',
  'punct.colon': '：',
} as const;

const zh = { ...coreZh, ...directoryZh, ...inboxZh, ...eventsZh, ...eventsAdminZh, ...simulatorZh, ...adminZh, ...recordsZh, ...staffZh, ...repliesZh, ...accountsAdminZh, ...menuTagsZh, ...broadcastsZh, ...broadcastDeliveryZh, ...serviceZh, ...serviceQueueZh };

export type MessageKey = keyof typeof zh;

const coreEn: Record<keyof typeof coreZh, string> = {
  'site.name': 'WeGov',
  'site.tagline': 'Find, verify and follow the real government WeChat accounts',
  'nav.directory': 'Directory',
  'nav.admin': 'Workspace',
  'nav.login': 'Staff sign-in',
  'nav.logout': 'Sign out',
  'nav.logoutEverywhere': 'Sign out everywhere',
  'nav.simulator': 'WeChat simulator',
  'nav.skip': 'Skip to main content',
  'nav.main': 'Main',
  'nav.verify': 'Verify',
  'nav.events': 'Events',
  'nav.staff': 'Staff entrance',
  'locale.label': 'Language',
  'locale.current': 'Current language: {name}',
  'elder.switch': 'Elder mode',
  'elder.hint': 'Larger text, stronger contrast, nothing moves',
  'demo.notice': 'Demo site',
  'meta.title': 'WeGov · Government WeChat portal',
  'meta.description': 'Find, verify and follow the real government WeChat accounts.',
  'manifest.name': 'WeGov · Inquiry inbox',
  'manifest.shortName': 'Inbox',
  'manifest.description': 'Staff answer citizens’ WeChat inquiries from a phone.',
  'home.heading': 'Verified government accounts',
  'home.empty': 'No accounts listed yet.',
  'home.verified': 'Verified',
  'home.unverified': 'Unverified, not official',
  'login.heading': 'Staff sign-in',
  'login.email': 'Email',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.pending': 'Signing in…',
  'login.invalid': 'Wrong email or password.',
  'login.throttled': 'Too many attempts from this address. Wait a little and try again.',
  'login.attemptsLeft': 'Wrong email or password. After {n} more wrong tries you will have to wait a while before trying again.',
  'login.attemptsNone': 'Wrong email or password. You will have to wait a while before the next try.',
  'login.expired': 'Your session has ended. Please sign in again.',
  'login.demo': 'Demo logins',
  'admin.heading': 'My accounts',
  'admin.empty': 'You are not a member of any account yet. Ask a platform administrator.',
  'admin.role': 'Role',
  'admin.followers': 'Followers',
  'admin.openConversations': 'Open inquiries',
  'admin.recentMessages': 'Recent messages',
  'admin.noMessages': 'No messages yet. Send one from the WeChat simulator.',
  'admin.rules': 'Auto-reply rules',
  'admin.sections': 'Manage this account',
  'admin.noRules': 'No auto-reply rules yet.',
  'admin.webhook': 'Server URL',
  'admin.mode': 'Message encryption',
  'admin.back': 'Back',
  'role.platform_admin': 'Platform admin',
  'role.account_admin': 'Account admin',
  'role.editor': 'Editor',
  'role.reviewer': 'Reviewer',
  'role.agent': 'Agent',
  'mode.plaintext': 'Plaintext',
  'mode.compatible': 'Compatible',
  'mode.safe': 'Safe (encrypted)',
  'rule.subscribe': 'Welcome',
  'rule.keyword': 'Keyword',
  'rule.click': 'Menu click',
  'rule.default': 'Default',
  'notFound.heading': 'Page not found',
  'notFound.body': 'The page you are looking for does not exist: the link may be mistyped, or the page was removed.',
  'error.heading': 'Something went wrong',
  'error.body': 'This page cannot be shown right now. Please try again.',
  'error.retry': 'Try again',
  'loading': 'Loading…',
  'punct.comma': ', ',
  'punct.enum': ', ',
  'punct.colon': ': ',
};

const en: Record<MessageKey, string> = { ...coreEn, ...directoryEn, ...inboxEn, ...eventsEn, ...eventsAdminEn, ...simulatorEn, ...adminEn, ...recordsEn, ...staffEn, ...repliesEn, ...accountsAdminEn, ...menuTagsEn, ...broadcastsEn, ...broadcastDeliveryEn, ...serviceEn, ...serviceQueueEn };

export { LOCALES, DEFAULT_LOCALE, LOCALE_COOKIE, ELDER_COOKIE, LOCALE_NAMES, isLocale, localeFromAcceptLanguage, contentLang, type Locale } from './locales';

/**
 * Simplified → Traditional with Taiwan's standard characters, run once when this module loads.
 * Characters only, not OpenCC's Taiwan phrase table (`twp`): measured on our copy, the phrase table
 * turns 微信号 into 微訊號, 审核 into 稽核, 类型 into 型別 and 项目 into 專案 — computing words
 * wrong for a civic site — and its Taiwan-only words read oddly in Hong Kong and Macao.
 */
const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });

/**
 * Words the character conversion leaves in a mainland form, replaced by the form readers in
 * Taiwan, Hong Kong and Macao all use. Keep it short: every entry is a word we checked.
 */
export const TRADITIONAL_OVERRIDES: ReadonlyArray<readonly [string, string]> = [
  ['賬號', '帳號'],
  ['賬戶', '帳戶'],
  ['登錄', '登入'],
  ['鏈接', '連結'],
  ['默認', '預設'],
  ['信息', '資訊'],
  ['加載', '載入'],
  // 里 is both 'inside' (裡) and the unit of distance; our copy only ever means 'inside'
  // (微信里, 目录里, 这里), and the character table keeps some of those as 里.
  ['里', '裡'],
  ['公裡', '公里'],
];

export function deriveTraditional<K extends string>(simplified: Record<K, string>): Record<K, string> {
  return Object.fromEntries(
    Object.entries<string>(simplified).map(([key, text]) => [key, TRADITIONAL_OVERRIDES.reduce((out, [from, to]) => out.replaceAll(from, to), toTraditional(text))]),
  ) as Record<K, string>;
}

const zhHant: Record<MessageKey, string> = deriveTraditional<MessageKey>(zh);

const dictionaries: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zh, 'zh-Hant': zhHant, en };

/** The dictionary of one language (the tests check every key of every language). */
export function dictionary(locale: Locale): Readonly<Record<MessageKey, string>> {
  return dictionaries[locale];
}

/**
 * A place from the region table (a gazetteer, not text someone wrote) in the UI language:
 * 广州市 → 廣州市 on a Traditional page, its English name on an English one.
 */
export function regionName(region: { name: string; nameEn: string }, locale: Locale): string {
  if (locale === 'en') return region.nameEn;
  return locale === 'zh-Hant' ? toTraditional(region.name) : region.name;
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  const dictionary = dictionaries[locale];
  return (key, vars) => {
    const text = dictionary[key];
    return vars ? text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? '')) : text;
  };
}
