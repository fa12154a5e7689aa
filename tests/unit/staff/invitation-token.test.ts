import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashInvitationToken, invitationLink, isInvitationTokenShape, newInvitationToken } from '../../../lib/staff/invitation-token';

/** The invitation link's secret (docs/admin.md "Staff and invitations"): 32 random bytes, stored only as SHA-256. */
describe('invitation tokens', () => {
  it('are 32 random bytes in base64url, different every time', () => {
    const tokens = new Set(Array.from({ length: 50 }, newInvitationToken));
    expect(tokens.size).toBe(50);
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
      expect(isInvitationTokenShape(token)).toBe(true);
    }
  });

  it('hash to their SHA-256 in hex, which does not contain the token', () => {
    const token = newInvitationToken();
    expect(hashInvitationToken(token)).toBe(createHash('sha256').update(token).digest('hex'));
    expect(hashInvitationToken(token)).not.toContain(token);
  });

  it('refuse anything else by shape, before any query', () => {
    for (const value of ['', 'short', 'x'.repeat(44), `${'a'.repeat(42)}=`, `${'a'.repeat(42)}/`, '../../etc/passwd', null, 42]) expect(isInvitationTokenShape(value)).toBe(false);
  });

  it('make a link on the configured origin, never doubling the slash', () => {
    expect(invitationLink('https://wegov.example.cn/', 'abc')).toBe('https://wegov.example.cn/invite/abc');
    expect(invitationLink('http://localhost:3000', 'abc')).toBe('http://localhost:3000/invite/abc');
  });
});
