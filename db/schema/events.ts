/** Tables owned by the events feature (see core.ts for the shared ones). */
export {};
