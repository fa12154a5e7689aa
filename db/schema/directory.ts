/** Tables owned by the directory feature (see core.ts for the shared ones). */
export {};
