import { readableDisplayName, type CustomerRef } from '../../shared/index.js';
import type { Identifier } from './normalize.js';

/** A display-name candidate; a higher rank replaces a lower one, an equal rank never replaces (first seen wins). */
export interface DisplayCandidate {
  name: string;
  rank: number;
}

export const RANK_NAME = 3;
const RANK_BY_KIND = { email: 2, phone: 1, loyalty: 0, external: 0 } as const;

/** The event's best display name: its customer.name, else its email, phone, loyalty or external id. */
export function displayCandidate(ref: CustomerRef, identifiers: readonly Identifier[]): DisplayCandidate {
  const name = ref.name?.trim();
  if (name) return { name, rank: RANK_NAME };
  let best: DisplayCandidate | null = null;
  for (const i of identifiers) {
    const rank = RANK_BY_KIND[i.kind];
    if (!best || rank > best.rank) best = { name: i.kind === 'external' ? readableDisplayName(i.value) : i.value, rank };
  }
  // identifiersOf() guarantees at least one identifier.
  return best ?? { name: 'Unknown customer', rank: -1 };
}
