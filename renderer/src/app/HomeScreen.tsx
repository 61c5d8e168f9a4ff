import { useEffect } from 'react';

/** The console with no customer open. */
export function HomeScreen() {
  useEffect(() => {
    document.title = 'Omni Console';
  }, []);
  return (
    <div className="workspace-empty">
      <h1>Find a customer</h1>
      <p>
        Press <kbd>Ctrl</kbd> <kbd>K</kbd> (or <kbd>/</kbd>) and search by name, email, phone in any format, loyalty id or order number — or pick someone recently active.
      </p>
    </div>
  );
}
