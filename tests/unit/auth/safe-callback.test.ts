import { describe, expect, it } from 'vitest';
import { CALLBACK_MAX_LENGTH, safeCallbackPath } from '../../../lib/auth/safe-callback';

/** docs/reliability.md E7: after sign-in the browser goes only to a path on the portal's own origin. */
const ORIGIN = 'https://portal.example';
const safe = (candidate: unknown) => safeCallbackPath(candidate, ORIGIN);

describe('safeCallbackPath', () => {
  it.each([
    ['/admin', '/admin'],
    ['/admin/inbox?account=zhaoqing-police', '/admin/inbox?account=zhaoqing-police'],
    ['/admin/inbox/12#reply', '/admin/inbox/12#reply'],
    ['/admin/events?q=%E5%8F%91%E5%B8%83', '/admin/events?q=%E5%8F%91%E5%B8%83'],
    // Same origin, written absolutely: reduced to its path.
    ['https://portal.example/admin/reports?x=1', '/admin/reports?x=1'],
    ['HTTPS://PORTAL.EXAMPLE:443/admin', '/admin'],
    // Relative forms resolve against the origin's root and stay on it.
    ['admin', '/admin'],
    ['/admin/../admin/events', '/admin/events'],
    // Encoded slashes are a path segment on our origin, not an authority.
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
    ['/%5Cevil.example', '/%5Cevil.example'],
    // Same scheme, no authority: a browser reads it as a path on the current origin, and so do we.
    ['https:/evil.example', '/evil.example'],
  ])('keeps the same-origin path %j as %j', (candidate, expected) => {
    expect(safe(candidate)).toBe(expected);
  });

  it.each([
    // What the page used to let through (issue 10 item 1), as the search params decode them.
    '/\\evil.example/pwn',
    '/\t/evil.example/pwn',
    '/\n/evil.example/pwn',
    '/\r\n/evil.example/pwn',
    '\\\\evil.example/pwn',
    '/\\/evil.example',
    '\\/evil.example',
    // Tabs, newlines and NUL anywhere, even where a parser would drop them harmlessly.
    '/ad\tmin',
    '/admin\n',
    '\t/admin',
    '/admin\u0000',
    '/admin\u007f',
    // Protocol-relative and its spellings.
    '//evil.example',
    '//evil.example/admin',
    '///evil.example',
    '/.//evil.example',
    '/admin/..//evil.example',
    // Other origins, schemes and userinfo tricks.
    'https://evil.example/admin',
    'http://portal.example/admin',
    'https://portal.example:8443/admin',
    'https://portal.example.evil.example/admin',
    'https://portal.example@evil.example/admin',
    'https://evil.example@portal.example/admin',
    'https://user:pass@portal.example/admin',
    'javascript:alert(1)',
    'JavaScript:alert(document.cookie)',
    ' javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'blob:https://portal.example/0f1e',
    'http:evil.example',
    // Malformed.
    'http://[::1',
    'https://%zz',
    '',
  ])('refuses %j, answering /admin', (candidate) => {
    expect(safe(candidate)).toBe('/admin');
  });

  it('refuses very long input', () => {
    expect(safe(`/admin?q=${'a'.repeat(CALLBACK_MAX_LENGTH)}`)).toBe('/admin');
    expect(safe(`/admin?q=${'a'.repeat(100)}`)).toBe(`/admin?q=${'a'.repeat(100)}`);
  });

  it.each([undefined, null, 42, ['/admin'], { toString: () => '/admin' }, new URL('https://portal.example/admin')])(
    'refuses a non-string %j',
    (candidate) => {
      expect(safe(candidate)).toBe('/admin');
    },
  );

  it('answers the fallback it is given, and never throws on a bad origin', () => {
    expect(safeCallbackPath('//evil.example', ORIGIN, '/')).toBe('/');
    expect(safeCallbackPath('/admin', 'not a url')).toBe('/admin');
    expect(safeCallbackPath('/admin/events', 'not a url', '/')).toBe('/');
  });

  it('never answers anything a browser would read as another origin', () => {
    const hostile = ['/\\evil.example', '/\t/evil.example', '/.//evil.example', 'https://evil.example', '//evil.example', 'admin'];
    for (const candidate of hostile) {
      const answer = safe(candidate);
      expect(new URL(answer, ORIGIN).origin).toBe(ORIGIN);
      expect(answer.startsWith('//')).toBe(false);
    }
  });
});
