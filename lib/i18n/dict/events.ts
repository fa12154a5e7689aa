/** UI copy of the events pages: Simplified Chinese first, English beside it (same keys). */
export const eventsZh = {} as const;

export const eventsEn: Record<keyof typeof eventsZh, string> = {};
