import { z } from 'zod';
import { accountCategory, accountType, messageMode, verificationMethod } from '../../db/schema';
import { decodeAesKey } from '../wechat/crypto';
import { ENCODING_AES_KEY_PATTERN, TOKEN_PATTERN } from './generate';

/**
 * What staff type about an account, as strict zod objects over form fields (strings; an empty
 * field means "none"). Error messages are stable codes the forms turn into copy
 * (lib/i18n/dict/accounts-admin.ts `accountsAdmin.error.<code>`).
 */

/** The slug is the webhook's path (`/api/wechat/{slug}`) and the directory's: lowercase, digits, inner hyphens. */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'too_long')
    .optional()
    .transform((v) => (v ? v : null));
const optionalMatching = (pattern: RegExp, code: string, max = 100) =>
  z
    .string()
    .trim()
    .max(max, code)
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || pattern.test(v), code);
const optionalHttpsUrl = z
  .string()
  .trim()
  .max(500, 'too_long')
  .optional()
  .transform((v) => (v ? v : null))
  .refine((v) => v === null || isHttpsUrl(v), 'https_url');

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

/** The profile staff edit on /admin/accounts/{slug}/settings (and give when creating). */
export const ProfileFields = {
  name: z.string().trim().min(1, 'required').max(64, 'too_long'),
  // WeChat ids: 6–20 letters, digits, '_' or '-', starting with a letter.
  wechatId: optionalMatching(/^[A-Za-z][A-Za-z0-9_-]{5,19}$/, 'wechat_id'),
  originalId: optionalMatching(/^gh_[A-Za-z0-9]{6,32}$/, 'original_id'),
  type: z.enum(accountType.enumValues, 'required'),
  category: z.enum(accountCategory.enumValues, 'required'),
  regionCode: optionalText(20),
  department: optionalText(100),
  description: z.string().trim().max(1000, 'too_long').optional().transform((v) => v ?? ''),
  avatarUrl: optionalHttpsUrl,
  followUrl: optionalHttpsUrl,
};

export const ProfileInput = z.strictObject({ slug: z.string().max(64), ...ProfileFields });

const BEIJING_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The directory's 已认证 mark and what it rests on; the platform admin's call. */
export const VerificationFields = {
  verified: z.enum(['on', 'off'], 'required').transform((v) => v === 'on'),
  verificationMethod: z
    .union([z.literal('').transform(() => null), z.enum(verificationMethod.enumValues, 'required')])
    .optional()
    .transform((v) => v ?? null),
  verificationEvidence: optionalText(500),
  /** A Beijing calendar date (the day WeChat certified the account, or the check was done). */
  verifiedOn: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || (BEIJING_DATE.test(v) && !Number.isNaN(new Date(`${v}T00:00:00+08:00`).getTime())), 'date')
    .transform((v) => (v ? new Date(`${v}T00:00:00+08:00`) : null)),
};

const verificationComplete = (v: { verified: boolean; verificationMethod: string | null; verificationEvidence: string | null }) =>
  !v.verified || (v.verificationMethod !== null && v.verificationEvidence !== null);

export const VerificationInput = z
  .strictObject({ slug: z.string().max(64), ...VerificationFields })
  .refine(verificationComplete, { message: 'evidence_required', path: ['verificationEvidence'] });

export const CreateInput = z
  .strictObject({
    slug: z.string().trim().regex(SLUG_PATTERN, 'slug'),
    ...ProfileFields,
    ...VerificationFields,
  })
  .refine(verificationComplete, { message: 'evidence_required', path: ['verificationEvidence'] });

/** Grace periods the admin may keep the previous EncodingAESKey working for, in hours. */
export const GRACE_HOURS = [0, 1, 24, 72, 168] as const;

function isAesKey(value: string): boolean {
  if (!ENCODING_AES_KEY_PATTERN.test(value)) return false;
  try {
    decodeAesKey(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * The developer settings. The three secrets are write-only: an empty field keeps what is stored,
 * a typed value replaces it. Never echoed back into form state (lib/accounts/commands.ts).
 */
export const CredentialsInput = z.strictObject({
  slug: z.string().max(64),
  appId: optionalMatching(/^wx[0-9a-f]{16}$/, 'app_id'),
  appSecret: optionalMatching(/^[A-Za-z0-9]{32}$/, 'app_secret'),
  token: optionalMatching(TOKEN_PATTERN, 'token'),
  encodingAesKey: z
    .string()
    .trim()
    .max(100, 'encoding_aes_key')
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || isAesKey(v), 'encoding_aes_key'),
  messageMode: z.enum(messageMode.enumValues, 'required'),
  graceHours: z.coerce
    .number()
    .int()
    .refine((h) => (GRACE_HOURS as readonly number[]).includes(h), 'required')
    .default(24),
});
export type CredentialsInput = z.infer<typeof CredentialsInput>;
