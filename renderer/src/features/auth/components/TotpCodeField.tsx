/** The 6-digit code from the authenticator app: numeric keyboard, the browser's one-time-code autofill. */
export function TotpCodeField({ id, value, onChange, error, autoFocus }: { id: string; value: string; onChange: (v: string) => void; error: string | null; autoFocus?: boolean }) {
  return (
    <>
      <label htmlFor={id}>Code from your authenticator app</label>
      <input
        id={id}
        data-testid="totp-code"
        type="text"
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9 ]*"
        maxLength={9}
        autoFocus={autoFocus}
        required
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={Boolean(error)}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error && (
        <p id={`${id}-error`} className="form-error" role="alert" data-testid="totp-error">
          {error}
        </p>
      )}
    </>
  );
}

/** Six digits once spaces are dropped (the hub checks again and names `code`). */
export const codeLooksRight = (code: string): boolean => /^\d{6}$/.test(code.replace(/[\s-]+/g, ''));
