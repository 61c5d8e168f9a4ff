import type { InputHTMLAttributes } from 'react';
import './form-dialog.css';

/** A labelled input with the hub's message for this field under it. */
export function TextField({ label, error, ...input }: { label: string; error?: string | undefined } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <label>
      {label}
      <input {...input} aria-invalid={Boolean(error)} />
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </label>
  );
}
