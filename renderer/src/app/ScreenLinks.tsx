import { useNavigate } from '@tanstack/react-router';
import { useSession } from '../features/auth/session-store.js';
import type { FeatureScreen } from '../features/feature-module.js';
import { FEATURES } from './features.js';

const SCREENS: readonly FeatureScreen[] = FEATURES.flatMap((f) => f.screens ?? []);

/** May the signed-in user open this screen? (The hub enforces it; this only hides what would be refused.) */
export function canOpen(screen: FeatureScreen, role: string | undefined): boolean {
  return role !== undefined && (screen.roles as readonly string[]).includes(role);
}

/** Header entries to the feature screens this user may open. */
export function ScreenLinks() {
  const role = useSession((s) => s.user?.role);
  const navigate = useNavigate();
  return (
    <>
      {SCREENS.filter((s) => canOpen(s, role)).map((s) => (
        <button key={s.path} type="button" className={s.buttonClass} data-testid={s.testId} aria-haspopup={s.presentation === 'dialog' ? 'dialog' : undefined} onClick={() => void navigate({ to: s.path })}>
          {s.label}
        </button>
      ))}
    </>
  );
}
