/** Tables owned by the inbox feature (see core.ts for the shared ones). */
export {};
