import { Suspense, useEffect, type ReactNode } from 'react';

interface Props {
  label: string;
  overlayClass: string;
  onClose: () => void;
  children: ReactNode;
}

/** A full screen shown in a modal dialog over the console (Escape or a click outside closes it). */
export function ScreenDialog({ label, overlayClass, onClose, children }: Props) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div
      className={overlayClass}
      role="dialog"
      aria-modal="true"
      aria-label={label}
      onClick={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <Suspense fallback={<p className="screen-loading">Loading…</p>}>{children}</Suspense>
    </div>
  );
}
