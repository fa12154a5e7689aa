import { getDb } from '@/db';
import { preflight } from '@/lib/directory/api-http';
import { getAccountResponse } from '@/lib/directory/api-v1';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  const { slug } = await params;
  return getAccountResponse(request, await getDb(), slug);
}

export function OPTIONS(): Response {
  return preflight();
}
