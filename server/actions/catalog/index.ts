import type { ActionKind } from '../../../shared/index.js';
import { cartReminder, crossSell, retentionOffer, suppressPromotion } from './commerce-kinds.js';
import { escalateToLead, goodwillCredit, holdNotifications, proactiveDeliveryUpdate, replyNow, scheduleCallback, storePickupAlternative } from './service-kinds.js';
import type { ActionDefinition } from './types.js';

export type { ActionDefinition, Match } from './types.js';

/** Bumped whenever a definition changes; stored with feedback. */
export const CATALOG_VERSION = 1;

/** The declarative catalog: one entry per kind (docs/actions.md explains each). */
export const CATALOG: readonly ActionDefinition[] = [
  replyNow,
  escalateToLead,
  holdNotifications,
  proactiveDeliveryUpdate,
  scheduleCallback,
  suppressPromotion,
  storePickupAlternative,
  goodwillCredit,
  retentionOffer,
  cartReminder,
  crossSell,
];

const BY_KIND = new Map<ActionKind, ActionDefinition>(CATALOG.map((d) => [d.kind, d]));
export function definitionOf(kind: ActionKind): ActionDefinition {
  return BY_KIND.get(kind)!;
}
