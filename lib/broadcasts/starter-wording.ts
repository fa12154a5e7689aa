import type { Db } from '../../db/client';
import { wordingRules } from '../../db/schema';
import type { WordingEntry } from './content-check';

/**
 * A small list of wrong or sensitive wording (错敏词) every account starts with, so the content
 * check finds something useful on day one; the account admin edits it on the review settings
 * page (docs/broadcasts.md "Content check"). Kept to wording an editor of a government account
 * would be corrected on: common miswritten words, the standard forms of 账号 and 登录, and the
 * usages the state media style guides rule out.
 */
export const STARTER_WORDING: readonly WordingEntry[] = [
  { word: '截止目前', suggestion: '截至目前', note: '“截至”表示到某个时间为止' },
  { word: '截止到', suggestion: '截至', note: '“截至”表示到某个时间为止' },
  { word: '既使', suggestion: '即使', note: null },
  { word: '再接再励', suggestion: '再接再厉', note: null },
  { word: '迫不急待', suggestion: '迫不及待', note: null },
  { word: '按装', suggestion: '安装', note: null },
  { word: '做为', suggestion: '作为', note: null },
  { word: '帐号', suggestion: '账号', note: '规范写法为“账号”' },
  { word: '登陆网站', suggestion: '登录网站', note: '进入网站、系统用“登录”' },
  { word: '一国两治', suggestion: '一国两制', note: null },
  { word: '台湾政府', suggestion: '台湾当局', note: '涉台用语规范' },
  { word: '台湾总统', suggestion: '台湾地区领导人', note: '涉台用语规范' },
  { word: '中港', suggestion: '内地与香港', note: '不将香港与中国并列' },
];

/** Gives an account the starter list; words it already has are kept as they are. Returns how many were added. */
export async function seedStarterWording(db: Db, accountId: string): Promise<number> {
  const rows = await db
    .insert(wordingRules)
    .values(STARTER_WORDING.map((w) => ({ accountId, word: w.word, suggestion: w.suggestion, note: w.note ?? null })))
    .onConflictDoNothing()
    .returning({ id: wordingRules.id });
  return rows.length;
}
