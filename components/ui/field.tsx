import type { ReactNode } from 'react';

/** What a form control needs to be tied to its field's hint and error. */
export interface FieldControlProps {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string;
}

/**
 * One form field the way every WeGov form shows it (docs/accessibility.md): the label, an
 * optional hint, the control, and the error right under it — announced politely, tied to the
 * control with aria-describedby and marked aria-invalid — so an error marks only the wrong field
 * and never moves the others. The control is a render prop, so it can be an input, a select or
 * a textarea, controlled or not.
 */
export function Field({
  id,
  label,
  hint,
  error,
  className,
  labelClassName = 'block font-medium',
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  /** The message to show, or nothing when the field is fine. */
  error?: string | null;
  className?: string;
  labelClassName?: string;
  children: (control: FieldControlProps) => ReactNode;
}) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div className={className}>
      <label htmlFor={id} className={labelClassName}>
        {label}
      </label>
      {hint ? (
        <p id={hintId} className="text-sm text-slate-700">
          {hint}
        </p>
      ) : null}
      {children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': hint ? `${hintId} ${errorId}` : errorId })}
      <p id={errorId} aria-live="polite" className="min-h-5 text-sm font-medium text-red-700">
        {error ?? ''}
      </p>
    </div>
  );
}
