'use server';

import { headers } from 'next/headers';
import { z } from 'zod';
import { getDb } from '@/db';
import { clientIpFrom } from '@/lib/auth/client-ip';
import { createReport, reporterKey, ReportInput } from '@/lib/directory/reports';
import { env } from '@/lib/env';

export interface ReportState {
  ok?: boolean;
  error?: 'invalid' | 'rate_limited';
  fieldErrors?: Partial<Record<'name' | 'wechatId' | 'reason', string[]>>;
  values?: { name: string; wechatId: string; reason: string };
}

/** A citizen reports a suspicious account: anonymous, rate-limited per (hashed) client IP. */
export async function reportAccount(_: ReportState, form: FormData): Promise<ReportState> {
  const raw = { name: String(form.get('name') ?? ''), wechatId: String(form.get('wechatId') ?? ''), reason: String(form.get('reason') ?? '') };
  const input = ReportInput.safeParse(raw);
  if (!input.success) return { error: 'invalid', fieldErrors: z.flattenError(input.error).fieldErrors, values: raw };
  const ip = clientIpFrom(await headers());
  const outcome = await createReport({ db: await getDb(), input: input.data, reporter: reporterKey(ip, env().secretKey ?? 'wegov-reports') });
  if (!outcome.ok) return { error: 'rate_limited', values: raw };
  return { ok: true };
}
