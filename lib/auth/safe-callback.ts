/**
 * Where to send the browser after sign-in (or sign-out): only a path on the portal's own origin
 * (docs/reliability.md E7). The login page and next-auth's `redirect` callback both call this,
 * so there is one rule, not two that drift apart.
 *
 * The candidate is decided by the URL parser, not by looking at its first characters: browsers
 * drop tabs and newlines anywhere in a URL and read `\` as `/`, so `/\evil.example`,
 * `/\t/evil.example` and `/%0a/evil.example` (once decoded) are all `//evil.example` to them.
 * We parse against our origin, require the same origin, and hand back a re-serialised
 * pathname + search + hash, never the caller's text. Pure (no server imports): the login form
 * runs it in the browser too.
 */

/** Longer than any link the portal makes; a longer callbackUrl is an attack or an accident. */
export const CALLBACK_MAX_LENGTH = 2048;

// ASCII control characters (tab, newline, NUL…): never in a link we make, and stripped or
// mangled by URL parsers. Rejected outright rather than parsed around.
const CONTROL = /[\u0000-\u001f\u007f]/;

export function safeCallbackPath(candidate: unknown, origin: string, fallback = '/admin'): string {
  if (typeof candidate !== 'string' || candidate.length === 0 || candidate.length > CALLBACK_MAX_LENGTH) return fallback;
  if (CONTROL.test(candidate) || candidate.includes('\\')) return fallback;
  let base: URL;
  let parsed: URL;
  try {
    base = new URL(origin);
    parsed = new URL(candidate, base);
  } catch {
    return fallback;
  }
  if (parsed.origin !== base.origin || parsed.username || parsed.password) return fallback;
  const path = `${parsed.pathname}${parsed.search}${parsed.hash}`;
  // `/.//evil.example` parses to the pathname `//evil.example` on our origin, which a browser
  // would read back as a protocol-relative URL to evil.example.
  if (!path.startsWith('/') || path.startsWith('//')) return fallback;
  return path;
}
