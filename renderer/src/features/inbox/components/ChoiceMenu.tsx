import { useEffect, useRef, type KeyboardEvent } from 'react';

export interface Choice {
  /** The digit or letter that picks it. */
  key: string;
  label: string;
  run(): void;
  disabled?: boolean;
}

/**
 * A small keyboard menu over the inbox (snooze, assign): focus moves in, arrows or the shown key pick,
 * Escape closes and focus goes back to the row.
 */
export function ChoiceMenu({ title, choices, onClose, testId }: { title: string; choices: readonly Choice[]; onClose(): void; testId: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    box.current?.querySelector<HTMLButtonElement>('button:not([disabled])')?.focus();
    return () => opener?.focus();
  }, []);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    e.stopPropagation();
    const buttons = [...(box.current?.querySelectorAll<HTMLButtonElement>('button:not([disabled])') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
    } else if (e.key === 'ArrowDown' || e.key === 'j') {
      e.preventDefault();
      buttons[(at + 1) % buttons.length]?.focus();
    } else if (e.key === 'ArrowUp' || e.key === 'k') {
      e.preventDefault();
      buttons[(at - 1 + buttons.length) % buttons.length]?.focus();
    } else {
      const hit = choices.find((c) => c.key === e.key && !c.disabled);
      if (hit) {
        e.preventDefault();
        hit.run();
      }
    }
  };
  return (
    <div className="choice-backdrop" onClick={onClose}>
      <div ref={box} className="choice-menu" role="dialog" aria-label={title} data-testid={testId} onKeyDown={onKeyDown} onClick={(e) => e.stopPropagation()}>
        <h2 className="choice-title">{title}</h2>
        <ul role="list">
          {choices.map((c) => (
            <li key={c.key}>
              <button type="button" className="choice-item" disabled={c.disabled} onClick={c.run}>
                <kbd>{c.key}</kbd>
                <span>{c.label}</span>
              </button>
            </li>
          ))}
        </ul>
        <p className="choice-hint muted">
          <kbd>Esc</kbd> closes
        </p>
      </div>
    </div>
  );
}
