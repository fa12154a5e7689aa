/** The SQLSTATE and constraint of a driver error, also when drizzle wrapped it. */
export function pgErrorOf(error: unknown): { code?: string; constraint?: string } {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, constraint, constraint_name } = e as { code?: unknown; constraint?: unknown; constraint_name?: unknown };
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
      const name = typeof constraint_name === 'string' ? constraint_name : typeof constraint === 'string' ? constraint : undefined;
      return { code, constraint: name };
    }
  }
  return {};
}
