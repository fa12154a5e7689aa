import { getDb } from '@/db';
import { createWebhookAccountCache } from '@/lib/accounts/webhook-account';
import { handleWebhook, type WebhookDeps } from '@/lib/webhook/handle-webhook';

// node:crypto with manual padding is required for WeChat's AES (PROTOCOL §5.6).
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const accountCache = createWebhookAccountCache();
const deps: WebhookDeps = { db: getDb, findAccount: accountCache.get };

type Context = { params: Promise<{ slug: string }> };

async function handle(request: Request, context: Context): Promise<Response> {
  const { slug } = await context.params;
  return handleWebhook(request, slug, deps);
}

export const GET = handle;
export const POST = handle;
export const PUT = handle;
export const PATCH = handle;
export const DELETE = handle;
export const OPTIONS = handle;
