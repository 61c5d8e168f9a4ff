/*
 * The action's priority in words: agents read "do this first", not a score like 0.41 (the score
 * stays in the API for ordering and tests, never on screen).
 */
export function priorityWords(score: number, rank: number): string {
  if (rank === 1 && score >= 0.3) return 'Do this first';
  if (score >= 0.5) return 'Strong case';
  if (score >= 0.25) return 'Worth doing';
  return 'If time allows';
}
