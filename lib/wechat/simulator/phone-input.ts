import { z } from 'zod';

/**
 * What the phone page may ask of the dev routes. Bounds follow WeChat where it has them (scene_str
 * 1–64 characters, menu key 128 bytes, URL 1024 bytes) and are otherwise generous but finite.
 */
export const PhoneSlug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/);
// Real OpenIDs are 28 characters of [A-Za-z0-9_-]; demo ones (oDemoCitizen01) are shorter.
export const PhoneOpenid = z.string().regex(/^[A-Za-z0-9_-]{6,64}$/);
export const PhoneScene = z.string().min(1).max(64).regex(/^\S+$/, 'no spaces');

export const PhoneActionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), content: z.string().max(2000).refine((s) => s.trim() !== '', 'empty message') }),
  z.object({
    kind: z.literal('location'),
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    label: z.string().min(1).max(200),
  }),
  z.object({ kind: z.literal('click'), key: z.string().min(1).max(128) }),
  z.object({ kind: z.literal('view'), url: z.string().max(1024).regex(/^https?:\/\//i) }),
  z.object({ kind: z.literal('subscribe'), scene: PhoneScene.optional() }),
  z.object({ kind: z.literal('scan'), scene: PhoneScene }),
  z.object({ kind: z.literal('unsubscribe') }),
  z.object({ kind: z.literal('image') }),
]);

export const PhoneSendInput = z.object({
  account: PhoneSlug,
  openid: PhoneOpenid,
  action: PhoneActionSchema,
});

export const PhoneTimelineQuery = z.object({
  account: PhoneSlug,
  openid: PhoneOpenid,
  after: z.coerce.number().int().nonnegative().optional(),
});

export type PhoneSendInput = z.infer<typeof PhoneSendInput>;
