/** UI copy of the directory pages: Simplified Chinese first, English beside it (same keys). */
export const directoryZh = {} as const;

export const directoryEn: Record<keyof typeof directoryZh, string> = {};
