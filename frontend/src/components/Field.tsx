import { useId, type ReactNode } from 'react';
import './Field.css';
import './forms.css';

export interface ControlProps {
  id: string;
  'aria-invalid': boolean | undefined;
  'aria-describedby': string | undefined;
  'aria-required': boolean | undefined;
}

interface FieldProps {
  label: string;
  /** Messages shown under the control (client-side or from the server). */
  errors?: readonly string[] | undefined;
  hint?: ReactNode;
  required?: boolean;
  name: string;
  children: (control: ControlProps) => ReactNode;
}

// Wires a label, a hint and the error messages to one control, so screen
// readers announce them with it.
export function Field({ label, errors, hint, required = false, name, children }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors?.length ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${errorId ? ' field--invalid' : ''}`} data-field={name}>
      {/* The asterisk is CSS with empty alternative text, so the field's
          accessible name (and getByLabel) is exactly the label;
          aria-required tells assistive technology instead. */}
      <label htmlFor={id} className={required ? 'field__label field__label--required' : 'field__label'}>
        {label}
      </label>
      {children({ id, 'aria-invalid': errorId ? true : undefined, 'aria-describedby': describedBy, 'aria-required': required || undefined })}
      {hint ? (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      ) : null}
      {errorId ? (
        <ul id={errorId} className="field__errors" data-testid={`error-${name}`}>
          {errors?.map((message) => <li key={message}>{message}</li>)}
        </ul>
      ) : null}
    </div>
  );
}
