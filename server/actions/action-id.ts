import { ACTION_KINDS, type ActionKind } from '../../shared/index.js';
import type { Segment } from './features.js';

const ID = /^act\.([a-z_]{3,40})\.(vip|regular|new)\.([A-Za-z0-9_-]{1,64})\.([0-9a-z]{1,8})$/;

export interface ParsedActionId {
  kind: ActionKind;
  segment: Segment;
  customerId: string;
}

/** Reads an id made by `actionId` (engine.ts); null for anything else. */
export function parseActionId(id: string): ParsedActionId | null {
  const m = ID.exec(id);
  if (!m || !(ACTION_KINDS as readonly string[]).includes(m[1]!)) return null;
  return { kind: m[1] as ActionKind, segment: m[2] as Segment, customerId: m[3]! };
}
