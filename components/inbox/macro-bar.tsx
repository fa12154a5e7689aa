import Link from 'next/link';
import type { ActionState } from '@/app/admin/run-command';
import { Card } from '@/components/ui/card';
import { ActionForm } from './action-form';

/**
 * The account's macros as one button each on the conversation page (lib/service/macros.ts): a
 * click runs all the macro's steps or none, and says which in the form's live line.
 */
export function MacroBar({
  action,
  conversationId,
  macros,
  manageHref,
  labels,
}: {
  action: (state: ActionState, form: FormData) => Promise<ActionState>;
  conversationId: number;
  macros: Array<{ id: number; name: string }>;
  manageHref: string | null;
  labels: Record<'heading' | 'none' | 'manage' | 'apply' | 'applying' | 'applied' | 'refused', string>;
}) {
  return (
    <Card className="space-y-2">
      <h2 className="font-semibold">{labels.heading}</h2>
      {macros.length === 0 ? <p className="text-sm text-slate-600">{labels.none}</p> : null}
      <ul className="space-y-1">
        {macros.map((m) => (
          <li key={m.id}>
            <ActionForm action={action} submitLabel={labels.apply.replace('{name}', m.name)} pendingLabel={labels.applying} messages={{ saved: labels.applied, applied: labels.applied, refused: labels.refused, invalid: labels.refused, error: labels.refused }}>
              <input type="hidden" name="conversationId" value={conversationId} />
              <input type="hidden" name="macroId" value={m.id} />
            </ActionForm>
          </li>
        ))}
      </ul>
      {manageHref ? (
        <Link href={manageHref} className="inline-flex min-h-11 items-center text-sm text-brand-700 underline">
          {labels.manage}
        </Link>
      ) : null}
    </Card>
  );
}
