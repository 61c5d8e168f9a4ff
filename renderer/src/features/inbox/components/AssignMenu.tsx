import type { User } from '../../../../../shared/index.js';
import type { Teammate } from '../hooks.js';
import { ChoiceMenu, type Choice } from './ChoiceMenu.js';

/** Assign to me (anyone who works conversations), or to a teammate / nobody (conversation.assign). */
export function AssignMenu({ canAssign, me, teammates, onPick, onClose }: { canAssign: boolean; me: User | null; teammates: readonly Teammate[]; onPick(userId: string | null, name: string): void; onClose(): void }) {
  const choices: Choice[] = [];
  if (me) choices.push({ key: 'm', label: 'Assign to me', run: () => onPick(me.id, 'you') });
  if (canAssign) {
    teammates.slice(0, 9).forEach((t, i) => choices.push({ key: String(i + 1), label: t.name, run: () => onPick(t.id, t.name) }));
    choices.push({ key: 'u', label: 'Nobody (back to the queue)', run: () => onPick(null, 'nobody') });
  }
  return <ChoiceMenu title={canAssign ? 'Assign to' : 'Take it'} testId="assign-menu" choices={choices} onClose={onClose} />;
}
