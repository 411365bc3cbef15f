import { useId } from 'react';
import type { ReactNode } from 'react';

/** What the control inside a field must carry, so the label, the error and the hint reach screen readers. */
export interface FieldControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

export type FormFieldProps = {
  label: string;
  /** From the core or the local check; marks the control invalid. */
  error?: string | undefined;
  hint?: ReactNode;
  children: (control: FieldControlProps) => ReactNode;
};

/** A label, its control, and the rule the value broke, next to each other. */
export function FormField({ label, error, hint, children }: FormFieldProps) {
  const id = useId();
  const note = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div className={`field${error ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <div className="field-control">
        {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': note })}
        {error ? (
          <span id={note} className="field-error">
            {error}
          </span>
        ) : (
          hint && (
            <span id={note} className="field-hint">
              {hint}
            </span>
          )
        )}
      </div>
    </div>
  );
}
