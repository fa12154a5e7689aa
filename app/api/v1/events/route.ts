import { getDb } from '@/db';
import { preflight } from '@/lib/directory/api-http';
import { listEventsResponse } from '@/lib/directory/api-v1';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  return listEventsResponse(request, await getDb());
}

export function OPTIONS(): Response {
  return preflight();
}
