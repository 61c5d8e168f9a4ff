import { snoozeChoices } from '../words.js';
import { ChoiceMenu } from './ChoiceMenu.js';

export function SnoozeMenu({ onPick, onClose }: { onPick(until: Date): void; onClose(): void }) {
  const choices = snoozeChoices(new Date()).map((c) => ({ key: c.key, label: c.label, run: () => onPick(c.until) }));
  return <ChoiceMenu title="Snooze" testId="snooze-menu" choices={choices} onClose={onClose} />;
}
