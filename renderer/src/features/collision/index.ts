/* What other features use from collision: the inbox row badge and the composer's "replying" signal. */
export { ActivityBadge } from './components/ActivityBadge.js';
export { useComposingSignal, type ComposingSignal } from './hooks.js';
export { describeActivity } from './describe.js';
