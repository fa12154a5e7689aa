import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { exampleRequest, openApiDocument } from '@/lib/directory/openapi';
import { env } from '@/lib/env';
import { getTranslator } from '@/lib/i18n/server';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('dir.dev.title'), description: t('dir.dev.intro') };
}

interface Param {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema: Record<string, unknown>;
}

/** The OpenAPI document, rendered for people. */
export default async function DevelopersPage() {
  const { t } = await getTranslator();
  const doc = openApiDocument(env().baseUrl);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">{t('dir.dev.title')}</h1>
        <p className="mt-1 text-slate-700">{t('dir.dev.intro')}</p>
        <p className="mt-2 text-slate-700">{doc.info.description}</p>
        <p className="mt-2">
          <a href="/api/v1/openapi.json" className="inline-flex min-h-11 items-center break-all text-brand-700 underline underline-offset-4">
            {t('dir.dev.spec')}
          </a>
        </p>
        <p className="mt-2 text-slate-700">{t('dir.dev.errors', { shape: '{ "error": { "code", "message" } }' })}</p>
      </div>
      {Object.entries(doc.paths).map(([path, item]) => {
        const op = item.get;
        const params = (op.parameters ?? []) as Param[];
        return (
          <section key={path} aria-labelledby={`op-${op.operationId}`}>
            <Card className="space-y-3">
              <h2 id={`op-${op.operationId}`} className="font-mono text-lg font-semibold break-all">
                GET {path}
              </h2>
              <p>{op.summary}</p>
              {'description' in op && op.description ? <p className="text-sm text-slate-700">{op.description}</p> : null}
              {params.length > 0 ? (
                <div>
                  <h3 className="font-semibold">{t('dir.dev.parameters')}</h3>
                  <ul className="mt-1 space-y-1 text-sm">
                    {params.map((p) => (
                      <li key={p.name}>
                        <code className="rounded bg-slate-100 px-1 font-mono">{p.name}</code> ({p.in}
                        {p.required ? `, ${t('dir.dev.required')}` : ''}) {p.description ?? ''}
                        {Array.isArray(p.schema.enum) ? ` — ${(p.schema.enum as string[]).join(' | ')}` : ''}
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
              <div>
                <h3 className="font-semibold">{t('dir.dev.responses')}</h3>
                <ul className="mt-1 space-y-1 text-sm">
                  {Object.entries(op.responses).map(([status, response]) => (
                    <li key={status}>
                      <code className="font-mono">{status}</code> {(response as { description: string }).description}
                    </li>
                  ))}
                </ul>
              </div>
              <p className="text-sm">
                <a href={exampleRequest(path)} className="inline-flex min-h-11 items-center break-all text-brand-700 underline underline-offset-4">
                  {exampleRequest(path)}
                </a>
              </p>
            </Card>
          </section>
        );
      })}
    </div>
  );
}
