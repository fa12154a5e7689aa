import { apiJson, preflight } from '@/lib/directory/api-http';
import { openApiDocument } from '@/lib/directory/openapi';
import { env } from '@/lib/env';

export const dynamic = 'force-dynamic';

export function GET(request: Request): Response {
  return apiJson(request, openApiDocument(env().baseUrl), { maxAge: 3600 });
}

export function OPTIONS(): Response {
  return preflight();
}
