import { useId, useRef, useState, type ReactNode } from 'react';

const TIP_WIDTH = 280;

/**
 * A figure's name with its published formula: shown on hover and on keyboard focus, hidden on Escape or
 * leaving. Fixed-positioned so a scrolling table never clips it.
 */
export function Term({ children, formula, className = '' }: { children: ReactNode; formula: string; className?: string }) {
  const id = useId();
  const ref = useRef<HTMLSpanElement>(null);
  const [at, setAt] = useState<{ left: number; top: number } | null>(null);
  const show = () => {
    const r = ref.current?.getBoundingClientRect();
    if (!r) return;
    const left = Math.max(8, Math.min(r.left, window.innerWidth - TIP_WIDTH - 8));
    // Below the term, or above it near the bottom of the window.
    const top = r.bottom + 96 > window.innerHeight ? Math.max(8, r.top - 96) : r.bottom + 6;
    setAt({ left, top });
  };
  const hide = () => setAt(null);
  return (
    <span
      ref={ref}
      className={`floor-term ${className}`}
      tabIndex={0}
      aria-describedby={id}
      onMouseEnter={show}
      onMouseLeave={hide}
      onFocus={show}
      onBlur={hide}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && at) {
          e.stopPropagation();
          hide();
        }
      }}
    >
      {children}
      <span role="tooltip" id={id} className="floor-tip" hidden={at === null} style={at ? { left: at.left, top: at.top, width: TIP_WIDTH } : undefined}>
        {formula}
      </span>
    </span>
  );
}
