'use server';

import { eq } from 'drizzle-orm';
import { headers } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { getDb } from '@/db';
import { accounts } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { clientIpFrom } from '@/lib/auth/client-ip';
import { requireStaff } from '@/lib/auth/session';
import { addDomainClaim, runDomainVerification } from '@/lib/directory/domain-proof';
import { resolveReport, reviewLookalike } from '@/lib/directory/reports';

export interface AdminActionState {
  ok?: boolean;
  error?: 'invalid';
  summary?: { verified: number; delisted: number; failed: number };
}

/** Every action here: a signed-in platform admin, re-checked from the database, or a 404. */
async function requirePlatformAdmin() {
  const staff = await requireStaff();
  if (!staff.isPlatformAdmin) notFound();
  return { staff, ip: clientIpFrom(await headers()) };
}

const ResolveInput = z.object({ id: z.coerce.number().int().positive(), decision: z.enum(['confirmed_impostor', 'dismissed']) });

export async function resolveReportAction(form: FormData): Promise<void> {
  const { staff, ip } = await requirePlatformAdmin();
  const input = ResolveInput.safeParse(Object.fromEntries(form));
  if (!input.success) return;
  await resolveReport({ db: await getDb(), id: input.data.id, decision: input.data.decision, actorId: staff.id, ip });
  revalidatePath('/admin/reports');
}

const LookalikeInput = z.object({ accountId: z.uuid(), officialAccountId: z.uuid(), decision: z.enum(['impostor', 'not_impostor']) });

export async function reviewLookalikeAction(form: FormData): Promise<void> {
  const { staff, ip } = await requirePlatformAdmin();
  const input = LookalikeInput.safeParse(Object.fromEntries(form));
  if (!input.success) return;
  await reviewLookalike({ db: await getDb(), ...input.data, actorId: staff.id, ip });
  revalidatePath('/admin/reports');
}

const DomainInput = z.object({ slug: z.string().trim().min(1).max(64), domain: z.string().trim().min(3).max(253) });

export async function addDomainClaimAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  const { staff, ip } = await requirePlatformAdmin();
  const input = DomainInput.safeParse(Object.fromEntries(form));
  if (!input.success) return { error: 'invalid' };
  const db = await getDb();
  const [account] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.slug, input.data.slug)).limit(1);
  if (!account) return { error: 'invalid' };
  const result = await addDomainClaim({ db, accountId: account.id, domain: input.data.domain });
  if (!result.ok) return { error: 'invalid' };
  await recordAudit({ db, action: 'directory.domain_claim_added', actorId: staff.id, accountId: account.id, detail: { domain: input.data.domain.toLowerCase() }, ip });
  revalidatePath('/admin/reports');
  return { ok: true };
}

export async function checkDomainsAction(_: AdminActionState): Promise<AdminActionState> {
  const { staff, ip } = await requirePlatformAdmin();
  const db = await getDb();
  const summary = await runDomainVerification({ db });
  await recordAudit({ db, action: 'directory.domains_checked', actorId: staff.id, detail: { ...summary }, ip });
  revalidatePath('/admin/reports');
  return { ok: true, summary };
}
