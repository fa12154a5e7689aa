import { describe, expect, it } from 'vitest';
import { citizenName, owedBy } from '../../../lib/inbox/display';
import { translator } from '../../../lib/i18n/messages';

const zh = translator('zh-CN');
const en = translator('en');

describe('citizenName: a person, never a raw OpenID (docs/inbox.md, "The citizen\'s name")', () => {
  const openid = 'oAbCdEfGhIjKlMnOpQrStUvWxYz12';
  it('prefers the remark staff gave, then the name the citizen gave, then a stable stand-in', () => {
    expect(citizenName({ remark: ' 李阿姨 ', displayName: '李某', openid }, zh)).toBe('李阿姨');
    expect(citizenName({ remark: '  ', displayName: '李某', openid }, zh)).toBe('李某');
    expect(citizenName({ remark: null, displayName: null, openid }, zh)).toBe('市民 · 尾号 Yz12');
    expect(citizenName({ remark: null, displayName: null, openid }, en)).toBe('Citizen · ends in Yz12');
    expect(citizenName({ remark: null, displayName: null, openid }, zh)).not.toContain(openid);
  });
});

describe('owedBy: a due time only while the first answer is owed', () => {
  const dueAt = new Date('2026-12-01T10:00:00Z');
  it('shows it for an unanswered open or pending thread', () => {
    expect(owedBy({ status: 'open', dueAt, firstResponseAt: null })).toEqual(dueAt);
    expect(owedBy({ status: 'pending', dueAt, firstResponseAt: null })).toEqual(dueAt);
  });
  it('never for a resolved or answered thread', () => {
    expect(owedBy({ status: 'resolved', dueAt, firstResponseAt: null })).toBeNull();
    expect(owedBy({ status: 'open', dueAt, firstResponseAt: new Date() })).toBeNull();
  });
});
