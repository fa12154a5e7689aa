/** UI copy of the simulator pages: Simplified Chinese first, English beside it (same keys). */
export const simulatorZh = {} as const;

export const simulatorEn: Record<keyof typeof simulatorZh, string> = {};
