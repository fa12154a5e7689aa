import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { accounts } from '../../db/schema';
import { recordAudit } from '../audit/record';
import { invalidInput, staffCommand } from '../auth/staff-command';
import { addDomainClaim, runDomainVerification } from './domain-proof';
import { resolveReport, reviewLookalike } from './reports';

/**
 * The platform admin's directory work (app/admin/reports): impostor reports, look-alike reviews,
 * official domains. Platform-scoped actions (lib/auth/permissions.ts), so staffCommand refuses
 * anyone else with a 404 before these run.
 */
const ResolveInput = z.object({ id: z.coerce.number().int().positive(), decision: z.enum(['confirmed_impostor', 'dismissed']) });
const LookalikeInput = z.object({ accountId: z.uuid(), officialAccountId: z.uuid(), decision: z.enum(['impostor', 'not_impostor']) });
const DomainInput = z.object({ slug: z.string().trim().min(1).max(64), domain: z.string().trim().min(3).max(253) });

export const resolveReportCommand = staffCommand('reports.review', async (ctx) => {
  const input = ResolveInput.safeParse(ctx.input);
  if (!input.success) return invalidInput(input.error);
  await resolveReport({ db: ctx.db, id: input.data.id, decision: input.data.decision, actorId: ctx.staff.id, ip: ctx.ip });
  return { ok: true, data: undefined };
});

export const reviewLookalikeCommand = staffCommand('reports.review', async (ctx) => {
  const input = LookalikeInput.safeParse(ctx.input);
  if (!input.success) return invalidInput(input.error);
  await reviewLookalike({ db: ctx.db, ...input.data, actorId: ctx.staff.id, ip: ctx.ip });
  return { ok: true, data: undefined };
});

export const addDomainClaimCommand = staffCommand('directory.domains', async (ctx) => {
  const input = DomainInput.safeParse(ctx.input);
  if (!input.success) return invalidInput(input.error);
  const [account] = await ctx.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.slug, input.data.slug)).limit(1);
  if (!account) return { ok: false, fieldErrors: { slug: ['unknown account'] } };
  const result = await addDomainClaim({ db: ctx.db, accountId: account.id, domain: input.data.domain });
  if (!result.ok) return { ok: false, fieldErrors: { domain: ['invalid'] } };
  await recordAudit({ db: ctx.db, action: 'directory.domain_claim_added', actorId: ctx.staff.id, accountId: account.id, detail: { domain: input.data.domain.toLowerCase() }, ip: ctx.ip ?? null });
  return { ok: true, data: undefined };
});

export const checkDomainsCommand = staffCommand('directory.domains', async (ctx) => {
  const summary = await runDomainVerification({ db: ctx.db });
  await recordAudit({ db: ctx.db, action: 'directory.domains_checked', actorId: ctx.staff.id, detail: { ...summary }, ip: ctx.ip ?? null });
  return { ok: true, data: summary };
});
