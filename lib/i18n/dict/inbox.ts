/** UI copy of the inbox pages: Simplified Chinese first, English beside it (same keys). */
export const inboxZh = {} as const;

export const inboxEn: Record<keyof typeof inboxZh, string> = {};
