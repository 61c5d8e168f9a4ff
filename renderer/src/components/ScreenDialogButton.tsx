import { Suspense, useEffect, useState, type ReactNode } from 'react';

interface Props {
  label: string;
  testId: string;
  buttonClass: string;
  overlayClass: string;
  /** The screen inside the dialog; gets the close callback. */
  children: (close: () => void) => ReactNode;
}

/** A header button that opens a full screen in a modal dialog (Escape or a click outside closes it). */
export function ScreenDialogButton({ label, testId, buttonClass, overlayClass, children }: Props) {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
  const close = () => setOpen(false);
  return (
    <>
      <button type="button" className={buttonClass} data-testid={testId} onClick={() => setOpen(true)} aria-haspopup="dialog">
        {label}
      </button>
      {open && (
        <div
          className={overlayClass}
          role="dialog"
          aria-modal="true"
          aria-label={label}
          onClick={(e) => {
            if (e.target === e.currentTarget) close();
          }}
        >
          <Suspense fallback={<p className="screen-loading">Loading…</p>}>{children(close)}</Suspense>
        </div>
      )}
    </>
  );
}
