/**
 * WeChat's user-tag limits (docs/wechat-protocol.md §6.4), enforced here before anything reaches
 * the outbox, so staff hear about a limit when they act and not as a failed job later.
 */
export const MAX_TAGS_PER_ACCOUNT = 100;
/** The parameter says characters, the error text bytes: bytes is the reading that never fails. */
export const TAG_NAME_MAX_BYTES = 30;
/** batchtagging / batchuntagging take at most 50 OpenIDs a call. */
export const TAG_BATCH_SIZE = 50;

export const utf8Bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/** Why a tag name cannot be used, or null when it can (after trimming). */
export function tagNameProblem(name: string): 'required' | 'too_long' | null {
  const trimmed = name.trim();
  if (trimmed === '') return 'required';
  if (utf8Bytes(trimmed) > TAG_NAME_MAX_BYTES) return 'too_long';
  return null;
}
