/** The inbox's shortcuts, always on screen (the keyboard is the fast way; every key has a button too). */
export function HelpLine({ canAssign }: { canAssign: boolean }) {
  const keys: [string, string][] = [
    ['j / k', 'move'],
    ['Enter', 'open'],
    ['x', 'select'],
    ['e', 'solve'],
    ['s', 'snooze'],
    ['a', canAssign ? 'assign' : 'take'],
  ];
  return (
    <p className="inbox-help" data-testid="inbox-help">
      {keys.map(([k, what]) => (
        <span key={k}>
          <kbd>{k}</kbd> {what}
        </span>
      ))}
    </p>
  );
}
