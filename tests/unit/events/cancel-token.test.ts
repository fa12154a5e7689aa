import { describe, expect, it } from 'vitest';
import { cancelPath, cancelToken, verifyCancelToken } from '../../../lib/events/public-cancel-token';
import { mobilePhone, registrationReference } from '../../../lib/events/public-registration';

const keys = { current: 'current-secret-key-0123456789' };

describe('the private cancel link', () => {
  it('verifies its own token for its own event and gives back the registration id', () => {
    const token = cancelToken({ keys, eventId: 1004, registrationId: 27 });
    expect(token).toMatch(/^27\.[A-Za-z0-9_-]{22}$/);
    expect(verifyCancelToken({ keys, eventId: 1004, token })).toBe(27);
    expect(cancelPath({ keys, eventId: 1004, registrationId: 27 })).toBe(`/events/1004/cancel/${token}`);
  });

  it('refuses another event, another registration id, a changed MAC, another key and junk', () => {
    const token = cancelToken({ keys, eventId: 1004, registrationId: 27 });
    const [, mac] = token.split('.');
    expect(verifyCancelToken({ keys, eventId: 1005, token })).toBeNull();
    expect(verifyCancelToken({ keys, eventId: 1004, token: `28.${mac}` })).toBeNull();
    const flipped = `${mac!.slice(0, -1)}${mac!.endsWith('A') ? 'B' : 'A'}`;
    expect(verifyCancelToken({ keys, eventId: 1004, token: `27.${flipped}` })).toBeNull();
    expect(verifyCancelToken({ keys: { current: 'another-secret-key-0123456789' }, eventId: 1004, token })).toBeNull();
    for (const junk of ['', '27', '27.', `27.${mac}x`, `0.${mac}`, `-1.${mac}`, `27.${mac}/..`, `99999999999999999999.${mac}`]) {
      expect(verifyCancelToken({ keys, eventId: 1004, token: junk })).toBeNull();
    }
  });

  it('still opens links made under the previous key during a key rotation', () => {
    const old = cancelToken({ keys: { current: 'old-secret-key-0123456789' }, eventId: 1004, registrationId: 27 });
    expect(verifyCancelToken({ keys: { current: 'new-secret-key-0123456789', previous: ['old-secret-key-0123456789'] }, eventId: 1004, token: old })).toBe(27);
    expect(verifyCancelToken({ keys: { current: 'new-secret-key-0123456789' }, eventId: 1004, token: old })).toBeNull();
  });

  it('is not derivable from the reference a registrant reads out', () => {
    expect(registrationReference(1004, 27)).toBe('1004-0027');
    expect(cancelToken({ keys, eventId: 1004, registrationId: 27 })).not.toContain('1004');
  });
});

describe('the mobile number as typed', () => {
  it('accepts spaces, dashes, full-width digits and +86, and stores the 11 digits', () => {
    for (const typed of ['13800138000', '138 0013 8000', '138-0013-8000', '１３８００１３８０００', '+86 138 0013 8000', '0086 13800138000']) {
      expect(mobilePhone.parse(typed)).toBe('13800138000');
    }
  });
  it('refuses what is not a mainland mobile', () => {
    for (const typed of ['1380013800', '23800138000', '12800138000', '0760-88888888', 'abc', '']) expect(mobilePhone.safeParse(typed).success).toBe(false);
  });
});
