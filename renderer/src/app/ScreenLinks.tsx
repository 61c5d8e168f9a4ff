import { useEffect, useRef, useState } from 'react';
import { useNavigate } from '@tanstack/react-router';
import { useSession } from '../features/auth/session-store.js';
import type { FeatureScreen } from '../features/feature-module.js';
import { FEATURES } from './features.js';

const SCREENS: readonly FeatureScreen[] = FEATURES.flatMap((f) => f.screens ?? []);

/** May the signed-in user open this screen? (The hub enforces it; this only hides what would be refused.) */
export function canOpen(screen: FeatureScreen, role: string | undefined): boolean {
  return role !== undefined && (screen.roles as readonly string[]).includes(role);
}

/**
 * Header entries to the feature screens this user may open. Wide windows show them in the bar; up to
 * 1680 px they fold into a "Screens" menu (styles.css), so the bar never overflows on a laptop or tablet.
 */
export function ScreenLinks() {
  const role = useSession((s) => s.user?.role);
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);
  const screens = SCREENS.filter((s) => canOpen(s, role));
  if (screens.length === 0) return null;
  return (
    <div className="screen-links" ref={box} onKeyDown={(e) => e.key === 'Escape' && open && (e.stopPropagation(), setOpen(false))}>
      <button type="button" className="btn btn-ghost screen-menu-toggle" aria-expanded={open} aria-controls="screen-links-list" onClick={() => setOpen((o) => !o)}>
        Screens
      </button>
      <nav id="screen-links-list" className={`screen-links-list${open ? ' is-open' : ''}`} aria-label="Screens">
        {screens.map((s) => (
          <button
            key={s.path}
            type="button"
            className={s.buttonClass}
            data-testid={s.testId}
            aria-haspopup={s.presentation === 'dialog' ? 'dialog' : undefined}
            onClick={() => {
              setOpen(false);
              void navigate({ to: s.path });
            }}
          >
            {s.label}
          </button>
        ))}
      </nav>
    </div>
  );
}
