import { z } from 'zod';
import { parseTrustedProxies, type TrustedProxies } from '../auth/client-ip';

/**
 * The only reader of process.env. A missing or malformed variable fails at start with a
 * message naming it, instead of surfacing later as an odd runtime error.
 */
const flag = (fallback: boolean) =>
  z
    .enum(['0', '1', 'true', 'false', ''])
    .optional()
    .transform((v) => (v === undefined || v === '' ? fallback : v === '1' || v === 'true'));

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  DATA_DIR: z.string().default('./data'),
  WEGOV_DEMO: flag(true),
  WEGOV_SIMULATOR: z.enum(['0', '1', '']).optional(),
  WECHAT_API_BASE: z.url().optional(),
  NEXTAUTH_URL: z.url().optional(),
  NEXTAUTH_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** 32+ characters; encrypts account secrets at rest. Derived from NEXTAUTH_SECRET when unset. */
  WEGOV_SECRET_KEY: z.string().min(16).optional(),
  /** During a key rotation, the key being replaced: opens what it sealed, never seals (lib/crypto). */
  WEGOV_SECRET_KEY_PREVIOUS: z.string().min(16).optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /**
   * Comma-separated CIDRs of the reverse proxies whose X-Forwarded-For is believed; unset trusts
   * none, so a client cannot choose the address it is throttled under (docs/reliability.md E2, E7).
   */
  TRUSTED_PROXIES: z
    .string()
    .optional()
    .transform((value, ctx): TrustedProxies => {
      try {
        return parseTrustedProxies(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
});

export type Env = z.infer<typeof EnvSchema> & {
  simulatorEnabled: boolean;
  wechatApiBase: string;
  baseUrl: string;
  /** Key that seals account secrets at rest; WEGOV_SECRET_KEY, else the session secret. */
  secretKey: string | undefined;
  /** That key plus WEGOV_SECRET_KEY_PREVIOUS, for opening (lib/crypto/secret-box.ts). */
  secretKeys: { current: string; previous: string[] } | undefined;
};

let cached: Env | undefined;

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  // An empty variable means "not set" (as `FOO= npm start` intends).
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  const baseUrl = env.NEXTAUTH_URL ?? `http://localhost:${env.PORT}`;
  // The simulator is part of the offline demo; production turns it on only explicitly.
  const simulatorEnabled =
    env.WEGOV_SIMULATOR === '1' || (env.WEGOV_SIMULATOR !== '0' && env.WEGOV_DEMO);
  const wechatApiBase =
    env.WECHAT_API_BASE ?? (simulatorEnabled ? `${baseUrl}/__wechat-sim` : 'https://api.weixin.qq.com');
  const secretKey = env.WEGOV_SECRET_KEY ?? env.NEXTAUTH_SECRET;
  const secretKeys = secretKeysFrom(secretKey, env.WEGOV_SECRET_KEY_PREVIOUS);
  return { ...env, simulatorEnabled, wechatApiBase, baseUrl, secretKey, secretKeys };
}

/**
 * A previous key is only meaningful next to a current one it differs from; anything else is a
 * typo in a rotation (see README, "Rotating the secret key") and must stop the start.
 */
function secretKeysFrom(current: string | undefined, previous: string | undefined): Env['secretKeys'] {
  if (previous !== undefined && current === undefined) {
    throw new Error('Invalid environment:\n  WEGOV_SECRET_KEY_PREVIOUS: set without WEGOV_SECRET_KEY (or NEXTAUTH_SECRET)');
  }
  if (previous !== undefined && previous === current) {
    throw new Error('Invalid environment:\n  WEGOV_SECRET_KEY_PREVIOUS: must differ from the current key');
  }
  return current === undefined ? undefined : { current, previous: previous === undefined ? [] : [previous] };
}

export function env(): Env {
  cached ??= loadEnv();
  return cached;
}

/** Tests change variables between cases; this forgets the cached parse. */
export function resetEnvForTests(): void {
  cached = undefined;
}
