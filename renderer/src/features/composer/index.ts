/* What other features use from the composer: the composer itself (mounted on the conversation screen). */
export { Composer } from './components/Composer.js';
