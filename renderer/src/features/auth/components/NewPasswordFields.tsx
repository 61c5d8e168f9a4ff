import { useId } from 'react';
import { MIN_PASSWORD_LENGTH } from '../../../../../shared/users.js';

/** What is wrong with a new password before it is sent (the hub checks again and names the field). */
export function newPasswordProblem(password: string, confirm: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `The new password needs at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password !== confirm) return 'The two new passwords are not the same.';
  return null;
}

/** New password + the same again, with the rule said up front. */
export function NewPasswordFields({ password, confirm, onPassword, onConfirm, invalid }: { password: string; confirm: string; onPassword: (v: string) => void; onConfirm: (v: string) => void; invalid: boolean }) {
  const hint = useId();
  return (
    <>
      <label>
        New password
        <input type="password" autoComplete="new-password" data-testid="new-password" value={password} onChange={(e) => onPassword(e.target.value)} aria-invalid={invalid} aria-describedby={hint} required />
      </label>
      <span id={hint} className="field-hint">
        At least {MIN_PASSWORD_LENGTH} characters. A few unrelated words are easy to remember.
      </span>
      <label>
        New password again
        <input type="password" autoComplete="new-password" data-testid="confirm-password" value={confirm} onChange={(e) => onConfirm(e.target.value)} aria-invalid={invalid} required />
      </label>
    </>
  );
}
