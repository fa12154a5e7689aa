/**
 * `db.execute(sql…)` answers with an array on postgres.js and with `{ rows }` on PGlite; this
 * gives the rows either way.
 */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  const rows = (result as { rows?: unknown } | null)?.rows;
  return Array.isArray(rows) ? (rows as T[]) : [];
}
