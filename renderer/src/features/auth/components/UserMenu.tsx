import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useSession } from '../session-store.js';
import { ROLE_WORDS } from '../words.js';
import { ChangePasswordDialog } from './ChangePasswordDialog.js';
import { MySessionsDialog } from './MySessionsDialog.js';
import { TwoStepDialog } from './TwoStepDialog.js';
import './auth.css';

type Open = 'menu' | 'password' | 'sessions' | 'two-step' | null;

/** The signed-in user's name and role in the top bar; its menu holds "Change password" and "My sessions". */
export function UserMenu() {
  const user = useSession((s) => s.user);
  const [open, setOpen] = useState<Open>(null);
  const menu = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (open !== 'menu') return;
    menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const onDown = (e: MouseEvent) => {
      if (!menu.current?.contains(e.target as Node) && !trigger.current?.contains(e.target as Node)) setOpen(null);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  if (!user) return null;

  const onMenuKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const i = items.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Escape') {
      e.stopPropagation();
      setOpen(null);
      trigger.current?.focus();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      items[(i + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
    } else if (e.key === 'Tab') {
      setOpen(null);
    }
  };

  return (
    <div className="user-menu">
      <button
        ref={trigger}
        type="button"
        className="btn btn-ghost user"
        title={user.email}
        aria-haspopup="menu"
        aria-expanded={open === 'menu'}
        data-testid="user-menu"
        onClick={() => setOpen(open === 'menu' ? null : 'menu')}
      >
        {user.name} <span className="muted">· {ROLE_WORDS[user.role]}</span>
      </button>
      {open === 'menu' && (
        <div ref={menu} className="user-menu-list" role="menu" aria-label="Your account" onKeyDown={onMenuKey}>
          <button type="button" role="menuitem" data-testid="open-change-password" onClick={() => setOpen('password')}>
            Change password
          </button>
          <button type="button" role="menuitem" data-testid="open-my-sessions" onClick={() => setOpen('sessions')}>
            My sessions
          </button>
          <button type="button" role="menuitem" data-testid="open-two-step" onClick={() => setOpen('two-step')}>
            Two-step sign-in
          </button>
        </div>
      )}
      {open === 'password' && <ChangePasswordDialog onClose={() => setOpen(null)} />}
      {open === 'sessions' && <MySessionsDialog onClose={() => setOpen(null)} />}
      {open === 'two-step' && <TwoStepDialog onClose={() => setOpen(null)} />}
    </div>
  );
}
