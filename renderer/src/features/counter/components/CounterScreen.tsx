import { useCallback, useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { useNavigate } from '@tanstack/react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { CustomerSummary } from '../../../../../shared/index.js';
import { useFeatureApi } from '../../../api/HubProvider.js';
import { describeError } from '../../../api/hub-error.js';
import { createAuthApi, logOut } from '../../auth/api.js';
import { useSession } from '../../auth/session-store.js';
import { createCounterApi } from '../api.js';
import { useCounterLock, useIdleLock } from '../idle-lock.js';
import { counterKeys } from '../keys.js';
import { rememberMode } from '../mode.js';
import { ScanDetector } from '../scanner.js';
import { CounterProfileView } from './CounterProfileView.js';
import { LockScreen } from './LockScreen.js';
import { MatchList } from './MatchList.js';
import { NewCustomerForm } from './NewCustomerForm.js';
import './counter.css';

type View =
  | { kind: 'idle' }
  | { kind: 'searching'; q: string }
  | { kind: 'matches'; q: string; matches: CustomerSummary[] }
  | { kind: 'none'; q: string }
  | { kind: 'new'; q: string }
  | { kind: 'customer'; id: string }
  | { kind: 'error'; message: string };

const isField = (t: EventTarget | null) => t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));

/**
 * Counter mode (`/counter`): a full-screen, touch-sized screen for a store tablet with a barcode scanner. One
 * lookup field, always ready: a scan (or an exact identifier and Enter) opens the customer; several matches
 * give a short list; none offers a new customer with consent. Locks itself after the session idle timeout.
 */
export function CounterScreen() {
  const frame = useRef<HTMLDialogElement>(null);
  const locked = useCounterLock((s) => s.locked);
  const user = useSession((s) => s.user);

  useEffect(() => {
    document.title = 'Counter · Omni Console';
    if (user) rememberMode(user, 'counter');
  }, [user]);

  // A modal dialog: the console beneath is inert (no tabbing into it) and covered.
  useEffect(() => {
    const d = frame.current;
    if (!d || d.open) return;
    if (typeof d.showModal === 'function') d.showModal();
    else d.setAttribute('open', '');
  }, []);

  return (
    <dialog
      ref={frame}
      className="counter"
      aria-label="Counter"
      data-testid="counter"
      onCancel={(e) => e.preventDefault()}
      // The console's shortcuts (Ctrl+K, /) stay out of counter mode.
      onKeyDown={(e) => e.stopPropagation()}
    >
      <CounterBar locked={locked} />
      <CounterBody />
    </dialog>
  );
}

/** The lookup and the customer, or the lock screen after the idle timeout (nothing of any customer stays in memory or on screen). */
export function CounterBody() {
  const locked = useCounterLock((s) => s.locked);
  const api = useFeatureApi(createCounterApi);
  const settings = useQuery({ queryKey: counterKeys.settings(), queryFn: ({ signal }) => api.settings(signal), staleTime: Infinity });
  const qc = useQueryClient();
  useIdleLock(settings.data?.idleLockSeconds);
  useEffect(() => {
    if (locked) qc.removeQueries({ predicate: (q) => q.queryKey[0] === 'counter' && q.queryKey[1] !== 'settings' });
  }, [locked, qc]);
  return locked ? <LockScreen /> : <CounterWork />;
}

function CounterBar({ locked }: { locked: boolean }) {
  const navigate = useNavigate();
  const user = useSession((s) => s.user);
  const signOut = useSession((s) => s.signOut);
  const auth = useFeatureApi(createAuthApi);
  const lock = useCounterLock((s) => s.lock);
  return (
    <header className="counter-bar">
      <span className="counter-brand">Counter</span>
      {!locked && (
        <nav className="counter-bar-actions" aria-label="Counter">
          <button
            type="button"
            className="btn btn-ghost counter-btn"
            data-testid="counter-to-console"
            onClick={() => {
              if (user) rememberMode(user, 'console');
              void navigate({ to: '/' });
            }}
          >
            Console mode
          </button>
          <button type="button" className="btn btn-ghost counter-btn" data-testid="counter-lock" onClick={lock}>
            Lock
          </button>
          <button type="button" className="btn btn-ghost counter-btn" onClick={() => void logOut(auth, signOut)}>
            Sign out
          </button>
        </nav>
      )}
    </header>
  );
}

function CounterWork() {
  const api = useFeatureApi(createCounterApi);
  const input = useRef<HTMLInputElement>(null);
  const scanner = useRef(new ScanDetector());
  const pending = useRef<AbortController | null>(null);
  const [text, setText] = useState('');
  const [view, setView] = useState<View>({ kind: 'idle' });

  const focusLookup = useCallback(() => {
    // After React commits: the element that had focus may be gone.
    requestAnimationFrame(() => input.current?.focus());
  }, []);

  const qc = useQueryClient();
  const open = useCallback(
    (id: string) => {
      // The compact profile is asked for now, not after the screen has rendered "Opening the customer…".
      void qc.prefetchQuery({ queryKey: counterKeys.profile(id), queryFn: ({ signal }) => api.profile(id, signal) });
      setView({ kind: 'customer', id });
      setText('');
      focusLookup();
    },
    [focusLookup, qc, api],
  );

  const lookup = useCallback(
    async (q: string, scanned: boolean) => {
      pending.current?.abort();
      const ctl = new AbortController();
      pending.current = ctl;
      setView({ kind: 'searching', q });
      try {
        const r = await api.lookup(q, ctl.signal);
        if (ctl.signal.aborted) return;
        if (r.exact.length === 1) return open(r.exact[0]!.id);
        // A scan is an identifier: only exact matches answer it (never a partial one).
        const matches = scanned || r.exact.length > 1 ? r.exact : r.others;
        setView(matches.length ? { kind: 'matches', q, matches } : { kind: 'none', q });
      } catch (err) {
        if (!ctl.signal.aborted) setView({ kind: 'error', message: describeError(err) });
      }
    },
    [api, open],
  );

  const onKeyDown = (e: ReactKeyboardEvent<HTMLInputElement>) => {
    const code = scanner.current.key(e.key, e.timeStamp);
    if (e.key !== 'Enter') return;
    e.preventDefault();
    const q = code ?? text.trim();
    if (code !== null) setText(code);
    if (q) void lookup(q, code !== null);
  };

  // Always ready: a key typed while no field has focus (after a tap on a button) goes to the lookup field.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.key.length !== 1 || isField(e.target)) return;
      input.current?.focus();
    };
    window.addEventListener('keydown', onKey, true);
    // After the dialog opened (showModal focuses its first button).
    focusLookup();
    return () => {
      window.removeEventListener('keydown', onKey, true);
      pending.current?.abort();
    };
  }, [focusLookup]);

  return (
    <div className="counter-work">
      <form
        className="counter-lookup"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
        }}
      >
        <label htmlFor="counter-lookup-field" className="visually-hidden">
          Scan a card or type a loyalty number, phone, email, order or receipt number
        </label>
        <input
          id="counter-lookup-field"
          ref={input}
          className="counter-lookup-field"
          data-testid="counter-lookup"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          placeholder="Scan a card, or type loyalty, phone, email, order or receipt number"
          autoComplete="off"
          inputMode="text"
          enterKeyHint="search"
        />
        <button type="button" className="btn btn-primary counter-btn" onClick={() => text.trim() && void lookup(text.trim(), false)}>
          Find
        </button>
      </form>
      <div className="counter-result" aria-live="polite">
        {view.kind === 'idle' && <p className="counter-status">Scan a loyalty card or receipt, or type what the customer tells you.</p>}
        {view.kind === 'searching' && <p className="counter-status" role="status">Looking up…</p>}
        {view.kind === 'error' && <p className="counter-status counter-error" role="alert">{view.message}</p>}
        {view.kind === 'matches' && <MatchList matches={view.matches} onOpen={open} />}
        {view.kind === 'none' && (
          <div className="counter-none" data-testid="counter-none">
            <p>Nobody matches what you entered.</p>
            <button type="button" className="btn btn-primary counter-btn" onClick={() => setView({ kind: 'new', q: view.q })}>
              New customer
            </button>
          </div>
        )}
        {view.kind === 'new' && <NewCustomerForm query={view.q} onCreated={open} onCancel={() => (setView({ kind: 'idle' }), focusLookup())} />}
        {view.kind === 'customer' && <CounterProfileView key={view.id} customerId={view.id} onDone={focusLookup} />}
      </div>
    </div>
  );
}
