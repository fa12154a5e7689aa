import { describe, expect, it } from 'vitest';
import { loadEnv as loadEnvFrom } from '../../../lib/env';

const A = 'key-A-0123456789abcdef';
const B = 'key-B-0123456789abcdef';
/** A production-like environment with these variables (no test fallback key). */
const loadEnv = (vars: Record<string, string>) => loadEnvFrom({ NODE_ENV: 'production', ...vars });

describe('secret keys from the environment (lib/env)', () => {
  it('seals with WEGOV_SECRET_KEY, else NEXTAUTH_SECRET; opens with the previous key too', () => {
    expect(loadEnv({ WEGOV_SECRET_KEY: A, NEXTAUTH_SECRET: B }).secretKeys).toEqual({ current: A, previous: [] });
    expect(loadEnv({ NEXTAUTH_SECRET: B }).secretKeys).toEqual({ current: B, previous: [] });
    expect(loadEnv({ WEGOV_SECRET_KEY: B, WEGOV_SECRET_KEY_PREVIOUS: A }).secretKeys).toEqual({ current: B, previous: [A] });
    // Rotating away from the session-derived key: the old NEXTAUTH_SECRET becomes the previous key.
    expect(loadEnv({ WEGOV_SECRET_KEY: B, NEXTAUTH_SECRET: A, WEGOV_SECRET_KEY_PREVIOUS: A }).secretKeys).toEqual({ current: B, previous: [A] });
    // An empty variable is unset.
    expect(loadEnv({ WEGOV_SECRET_KEY: B, WEGOV_SECRET_KEY_PREVIOUS: '' }).secretKeys).toEqual({ current: B, previous: [] });
  });

  it('stops on a previous key that is short, equal to the current one, or alone', () => {
    expect(() => loadEnv({ WEGOV_SECRET_KEY: B, WEGOV_SECRET_KEY_PREVIOUS: 'short' })).toThrow(/WEGOV_SECRET_KEY_PREVIOUS/);
    expect(() => loadEnv({ WEGOV_SECRET_KEY: A, WEGOV_SECRET_KEY_PREVIOUS: A })).toThrow(/WEGOV_SECRET_KEY_PREVIOUS: must differ/);
    expect(() => loadEnv({ WEGOV_SECRET_KEY_PREVIOUS: A })).toThrow(/WEGOV_SECRET_KEY_PREVIOUS: set without/);
  });

  it('has no key when nothing is configured, in tests too', () => {
    expect(loadEnv({}).secretKeys).toBeUndefined();
    expect(loadEnv({ NODE_ENV: 'test', VITEST: 'true' }).secretKeys).toBeUndefined();
  });
});
