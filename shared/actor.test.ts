import { describe, expect, it } from 'vitest';
import { ActorSchema, actorLabel, can, systemActor, userActor } from './actor.js';

describe('Actor', () => {
  const user = (role: 'admin' | 'lead' | 'agent' | 'associate') => userActor({ id: `usr_${role}`, email: `${role}@x.com`, name: role, role });

  it('derives permissions from the role: only admins manage connectors, leads and admins see value', () => {
    expect(can(user('admin'), 'connectors.manage')).toBe(true);
    expect(can(user('lead'), 'connectors.manage')).toBe(false);
    expect(can(user('lead'), 'value.report')).toBe(true);
    expect(can(user('agent'), 'value.report')).toBe(false);
    expect(can(user('associate'), 'customer.read')).toBe(true);
  });

  it('names system callers and labels actors for the audit', () => {
    expect(ActorSchema.parse(systemActor('connector:shopify'))).toMatchObject({ kind: 'system', name: 'connector:shopify' });
    expect(ActorSchema.safeParse({ kind: 'system', name: 'connector:', permissions: [] }).success).toBe(false);
    expect(ActorSchema.safeParse({ kind: 'system', name: 'whoever', permissions: [] }).success).toBe(false);
    expect(actorLabel(user('agent'))).toBe('agent@x.com');
    expect(actorLabel(systemActor('import'))).toBe('import');
    expect(ActorSchema.parse(user('lead'))).toEqual(user('lead'));
  });
});
