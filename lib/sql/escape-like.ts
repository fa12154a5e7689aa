/** Escapes LIKE/ILIKE wildcards in user text, so `%` and `_` match themselves (docs/reliability.md G1). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
