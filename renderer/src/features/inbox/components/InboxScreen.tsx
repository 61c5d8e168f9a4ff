import { useEffect, useMemo, useRef, useState } from 'react';
import type { Conversation, ConversationPatch } from '../../../../../shared/index.js';
import { describeError } from '../../../api/hub-error.js';
import { useCan } from '../../auth/permissions.js';
import { useNow } from '../adapters/sla-badge.js';
import { useConversationChange, useDirectory, useInboxCounts, useInboxPages } from '../hooks.js';
import { useInboxStore } from '../inbox-store.js';
import { isPlainKey } from '../keyboard.js';
import { useOpenConversation } from '../navigation.js';
import { NextConversationButton } from '../routing/NextConversationButton.js';
import { parseViewKey, viewKey } from '../views.js';
import { AssignMenu } from './AssignMenu.js';
import { HelpLine } from './HelpLine.js';
import { InboxRow } from './InboxRow.js';
import { InboxViews, type ViewEntry } from './InboxViews.js';
import { SnoozeMenu } from './SnoozeMenu.js';
import '../inbox.css';

type Menu = 'snooze' | 'assign' | null;

/** `/inbox`: the agent's work, keyboard first (j/k, Enter, x, e, s, a), live. */
export function InboxScreen() {
  const dir = useDirectory();
  const entries: ViewEntry[] = useMemo(
    () => [
      { view: { kind: 'mine' }, label: 'Mine' },
      { view: { kind: 'unassigned' }, label: 'Unassigned' },
      ...dir.myQueues.map((q): ViewEntry => ({ view: { kind: 'queue', queueId: q.id }, label: q.name })),
      { view: { kind: 'snoozed' }, label: 'Snoozed' },
      { view: { kind: 'solved' }, label: 'Solved' },
    ],
    [dir.myQueues],
  );
  const current = useInboxStore((s) => s.viewKey);
  const setView = useInboxStore((s) => s.setViewKey);
  const view = parseViewKey(current);
  const label = entries.find((e) => viewKey(e.view) === current)?.label ?? 'Mine';
  const pages = useInboxPages(view);
  const counts = useInboxCounts();
  const change = useConversationChange();
  const openConversation = useOpenConversation();
  const canAssign = useCan('conversation.assign');
  const now = useNow();

  const rows: Conversation[] = useMemo(() => pages.data?.pages.flatMap((p) => p.conversations) ?? [], [pages.data]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const [menu, setMenu] = useState<Menu>(null);
  const [notice, setNotice] = useState('');
  const rowRefs = useRef(new Map<string, HTMLLIElement>());

  // The selection follows its row through live moves; a row that left hands it to its neighbour.
  const lastIndex = useRef(0);
  let index = rows.findIndex((r) => r.id === selectedId);
  if (index < 0 && rows.length > 0) index = Math.min(lastIndex.current, rows.length - 1);
  const selected = index >= 0 ? rows[index] : undefined;
  useEffect(() => {
    lastIndex.current = Math.max(0, index);
  });

  useEffect(() => {
    setSelectedId(null);
    setChecked(new Set());
    lastIndex.current = 0;
  }, [current]);

  const targets = (): string[] => (checked.size > 0 ? [...checked] : selected ? [selected.id] : []);

  const apply = (patch: ConversationPatch, words: string) => {
    const ids = targets();
    if (ids.length === 0) return;
    setMenu(null);
    change.mutate(
      { ids, patch },
      {
        onSuccess: () => {
          setNotice(`${ids.length === 1 ? 'Conversation' : `${ids.length} conversations`} ${words}.`);
          setChecked(new Set());
        },
        onError: (err) => setNotice(`Could not change it: ${describeError(err)}`),
      },
    );
  };

  const move = (delta: number) => {
    if (rows.length === 0) return;
    const next = rows[Math.max(0, Math.min(rows.length - 1, (index < 0 ? 0 : index) + delta))]!;
    setSelectedId(next.id);
    rowRefs.current.get(next.id)?.focus();
  };

  const toggle = (id: string) =>
    setChecked((s) => {
      const n = new Set(s);
      if (!n.delete(id)) n.add(id);
      return n;
    });

  // Keys on the whole screen while no menu is open and nobody types.
  const keys = useRef<(e: KeyboardEvent) => void>(() => undefined);
  keys.current = (e) => {
    if (menu !== null || !isPlainKey(e) || document.querySelector('[role="dialog"]')) return;
    const k = e.key;
    if (k === 'j' || k === 'ArrowDown') move(1);
    else if (k === 'k' || k === 'ArrowUp') move(-1);
    else if (k === 'Enter' && selected && !(e.target instanceof HTMLButtonElement || e.target instanceof HTMLAnchorElement)) openConversation(selected.id, selected.customerId);
    else if (k === 'x' && selected) toggle(selected.id);
    else if (k === 'e') apply({ status: 'solved' }, 'solved');
    else if (k === 's' && targets().length > 0) setMenu('snooze');
    else if (k === 'a' && targets().length > 0) setMenu('assign');
    else return;
    e.preventDefault();
  };
  useEffect(() => {
    const on = (e: KeyboardEvent) => keys.current(e);
    window.addEventListener('keydown', on);
    return () => window.removeEventListener('keydown', on);
  }, []);

  return (
    <div className="inbox" data-testid="inbox">
      <InboxViews entries={entries} current={current} counts={counts.data} onPick={setView} />
      <section className="inbox-body" aria-labelledby="inbox-title">
        <div className="inbox-toolbar">
          <h2 id="inbox-title" className="inbox-title">
            {label}
          </h2>
          {checked.size > 0 && (
            <span className="inbox-bulk" data-testid="inbox-bulk">
              {checked.size} selected
              <button type="button" className="btn btn-small" onClick={() => apply({ status: 'solved' }, 'solved')}>
                Solve
              </button>
              <button type="button" className="btn btn-small" onClick={() => setMenu('snooze')}>
                Snooze
              </button>
              <button type="button" className="btn btn-small" onClick={() => setMenu('assign')}>
                Assign
              </button>
              <button type="button" className="btn btn-small btn-ghost" onClick={() => setChecked(new Set())}>
                Clear
              </button>
            </span>
          )}
          <NextConversationButton />
        </div>
        <HelpLine canAssign={canAssign} />
        {pages.isError && (
          <p className="error pad" role="alert">
            Could not load the inbox: {describeError(pages.error)}
          </p>
        )}
        <ul className="inbox-list" role="listbox" aria-label={`${label} conversations`} aria-multiselectable="true" data-testid="inbox-list" aria-busy={pages.isLoading}>
          {rows.map((c) => (
            <InboxRow
              key={c.id}
              ref={(el) => {
                if (el) rowRefs.current.set(c.id, el);
                else rowRefs.current.delete(c.id);
              }}
              conversation={c}
              selected={c.id === selected?.id}
              checked={checked.has(c.id)}
              assigneeName={dir.nameOf(c.assigneeId)}
              now={now}
              onSelect={() => setSelectedId(c.id)}
              onOpen={() => openConversation(c.id, c.customerId)}
              onCheck={() => toggle(c.id)}
            />
          ))}
        </ul>
        {!pages.isLoading && rows.length === 0 && !pages.isError && (
          <p className="inbox-empty" data-testid="inbox-empty">
            Nothing here right now.
          </p>
        )}
        {pages.hasNextPage && (
          <button type="button" className="btn inbox-more" disabled={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
            {pages.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        )}
        <p className="inbox-notice" role="status" data-testid="inbox-notice">
          {notice}
        </p>
      </section>
      {menu === 'snooze' && <SnoozeMenu onPick={(until) => apply({ status: 'snoozed', snoozedUntil: until.toISOString() }, 'snoozed')} onClose={() => setMenu(null)} />}
      {menu === 'assign' && (
        <AssignMenu
          canAssign={canAssign}
          me={dir.me}
          teammates={dir.teammates}
          onPick={(userId, name) => apply({ assigneeId: userId }, userId === null ? 'unassigned' : `assigned to ${name}`)}
          onClose={() => setMenu(null)}
        />
      )}
    </div>
  );
}
