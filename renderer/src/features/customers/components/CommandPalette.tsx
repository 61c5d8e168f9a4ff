import { useEffect, useId, useReducer, useRef, useState, type KeyboardEvent } from 'react';
import type { CustomerSummary } from '../../../../../shared/index.js';
import { useCustomerNavigation } from '../navigation.js';
import { usePalette } from '../palette-store.js';
import { CustomerResult } from './CustomerResult.js';
import { enterIntent, isPaletteChord, keyIntent, listReducer } from './palette-reducer.js';
import { paletteStatus, type PaletteSearch } from './palette-status.js';
import { usePaletteSearch } from './use-palette-search.js';
import { useFetchSearch, usePrefetchTimeline } from '../hooks.js';
import { exactIdentifier, ownerOfEmail, rankExactFirst } from './palette-exact.js';

const NO_RESULTS: CustomerSummary[] = [];

/**
 * Ctrl/Cmd+K (anywhere) or `/` (outside text fields) opens customer search; arrows + Enter open a
 * customer. Before typing it lists the most recently active customers. The hub does the matching;
 * a customer whose identifier was typed exactly is listed first. Every keystroke searches (no
 * debounce; superseded requests are aborted) and only the answer to the current text is shown.
 */
export function CommandPalette() {
  const open = usePalette((s) => s.paletteOpen);
  const setOpen = usePalette((s) => s.setPaletteOpen);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (isPaletteChord(e)) {
        e.preventDefault();
        setOpen(!usePalette.getState().paletteOpen);
      } else if (e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !isEditable(e.target) && !usePalette.getState().paletteOpen) {
        e.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setOpen]);

  return open ? <PaletteDialog onClose={() => setOpen(false)} /> : null;
}

function PaletteDialog({ onClose }: { onClose: () => void }) {
  const openCustomer = useCustomerNavigation().open;
  const [query, setQuery] = useState('');
  const q = query.trim();
  const { search, heard, retry } = usePaletteSearch(q);
  const results = search.phase === 'ready' ? search.results : NO_RESULTS;
  const [list, dispatch] = useReducer(listReducer, { active: 0 });
  const active = Math.min(list.active, Math.max(0, results.length - 1));
  // Enter pressed before the answer for `query` was in: the top row opens once it is. `seen` is the
  // search state at that moment, so a failure Enter is retrying is not taken for the retry's answer.
  const [pendingEnter, setPendingEnter] = useState<{ query: string; seen: PaletteSearch } | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  // One open per palette: Enter's answer may come back through the fast path and the effect below alike.
  const done = useRef(false);
  const openOnce = (id: string) => {
    if (done.current) return;
    done.current = true;
    openCustomer(id);
  };
  const fetchSearch = useFetchSearch();
  // The newest answer in (for whatever text it was asked): Enter on a full email it already holds opens that customer.
  const lastReady = useRef<readonly CustomerSummary[]>(NO_RESULTS);
  if (heard) lastReady.current = heard.results;
  const baseId = useId();
  const optionId = (i: number) => `${baseId}-opt-${i}`;

  // Focus the input on open; give focus back to where the agent was on close.
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    done.current = false;
    inputRef.current?.focus();
    return () => {
      done.current = true; // closed: a search answer still out opens nobody
      if (previous && document.contains(previous)) previous.focus();
    };
  }, []);
  useEffect(() => dispatch({ type: 'reset' }), [q]);
  useEffect(() => {
    document.getElementById(optionId(active))?.scrollIntoView?.({ block: 'nearest' });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [active]);
  useEffect(() => {
    if (pendingEnter === null) return;
    if ((inputRef.current?.value ?? query).trim() !== pendingEnter.query) {
      setPendingEnter(null); // typing on after Enter changes the question: that Enter no longer applies
    } else if (search.query === pendingEnter.query && search !== pendingEnter.seen) {
      if (search.phase === 'ready') {
        setPendingEnter(null);
        const top = search.results[0];
        if (top) openOnce(top.id);
      } else if (search.phase === 'error' || (search.phase === 'unreachable' && !search.retrying)) {
        setPendingEnter(null);
      }
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- openOnce is openCustomer behind a ref
  }, [pendingEnter, search, query, openCustomer]);

  // Whom Enter will open — an exact identifier on top, or the only match left (`cust12@` while the agent is still
  // typing the domain): that first timeline page loads while the agent types on or reads the row.
  const prefetchTimeline = usePrefetchTimeline();
  // Keys may come faster than answers: an answer for a prefix of the text that left one customer counts too.
  const heardOnly = heard && heard.results.length === 1 && q.toLowerCase().startsWith(heard.query.toLowerCase()) ? heard.results[0]!.id : null;
  const likelyTop = search.phase === 'ready' && results[0] && (results.length === 1 || exactIdentifier(search.query, results[0])) ? results[0].id : heardOnly;
  useEffect(() => {
    if (likelyTop) prefetchTimeline(likelyTop);
  }, [likelyTop, prefetchTimeline]);

  const select = (i: number) => {
    const c = results[i];
    if (c) openOnce(c.id);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Tab') {
      e.preventDefault(); // the dialog has one control: keep focus in it
      return;
    }
    if (e.key === 'Enter') {
      e.preventDefault();
      e.stopPropagation();
      if (e.nativeEvent.isComposing) return;
      // The field itself, not the last render: Enter may arrive in the same tick as the last character.
      const typed = (inputRef.current?.value ?? query).trim();
      const intent = enterIntent(typed, search, active);
      if (intent.kind === 'open') select(intent.index);
      else if (intent.kind === 'wait' && ownerOfEmail(typed, lastReady.current)) {
        // The text is a whole email that a customer in the last answer has: email identifiers belong to one customer
        // each, and the hub ranks an exact identifier first, so the answer for this text would open them too.
        openOnce(ownerOfEmail(typed, lastReady.current)!);
      } else if (intent.kind === 'wait') {
        setPendingEnter({ query: typed, seen: search });
        if (search.query === typed && (search.phase === 'error' || (search.phase === 'unreachable' && !search.retrying))) retry();
        else {
          // Typing is over: ask for this text now (not after the search still out), and open its top row the moment
          // the answer is in, without first rendering the list and waiting for its effects (a frame or more).
          // A failure is left to the effect above, which shows it; typing on after Enter cancels the open.
          fetchSearch(typed).then(
            (found) => {
              const top = rankExactFirst(typed, found)[0];
              if (top && (inputRef.current?.value ?? '').trim() === typed) openOnce(top.id);
            },
            () => undefined,
          );
        }
      }
      return;
    }
    const intent = keyIntent(e.key, results.length);
    if (!intent) return;
    e.preventDefault();
    e.stopPropagation();
    if (intent.kind === 'close') onClose();
    else if (intent.kind === 'select') select(active);
    else dispatch(intent.action);
  };

  const busy = search.phase === 'loading' || (search.phase === 'unreachable' && search.retrying);
  const status = pendingEnter !== null && busy ? 'Searching… the customer opens as soon as it is found' : paletteStatus(search);

  return (
    <div className="palette-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="palette" role="dialog" aria-modal="true" aria-labelledby={`${baseId}-title`} data-testid="palette" onKeyDown={onKeyDown}>
        <h2 id={`${baseId}-title`} className="visually-hidden">
          Search customers
        </h2>
        <div className="palette-input-row">
          <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
            <path d="M7 2.5a4.5 4.5 0 1 0 .01 0zM10.3 10.3l3.2 3.2" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
          </svg>
          <input
            ref={inputRef}
            data-testid="palette-input"
            type="search"
            role="combobox"
            aria-label="Search by name, email, phone, loyalty id or order number"
            aria-expanded={results.length > 0}
            aria-controls={`${baseId}-list`}
            aria-activedescendant={results.length > 0 ? optionId(active) : undefined}
            aria-autocomplete="list"
            placeholder="Name, email, phone, loyalty id, order #…"
            autoComplete="off"
            spellCheck={false}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
          {busy && <span className="spinner" aria-hidden="true" />}
          <kbd>Esc</kbd>
        </div>
        <div className="palette-section" aria-live="polite" data-testid="palette-status" data-phase={search.phase}>
          {status}
        </div>
        <ul id={`${baseId}-list`} role="listbox" aria-label={q ? 'Search results' : 'Recently active customers'} aria-busy={busy} className="palette-list">
          {results.map((c, i) => (
            <li
              key={c.id}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              data-testid="palette-result"
              className="palette-result"
              onMouseMove={() => dispatch({ type: 'set', index: i })}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => select(i)}
            >
              <CustomerResult c={c} />
            </li>
          ))}
        </ul>
        <div className="palette-footer" aria-hidden="true">
          <span>
            <kbd>↑</kbd>
            <kbd>↓</kbd> navigate
          </span>
          <span>
            <kbd>Enter</kbd> open
          </span>
          <span>
            <kbd>Esc</kbd> close
          </span>
        </div>
      </div>
    </div>
  );
}

function isEditable(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}
