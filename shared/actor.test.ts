import { describe, expect, it } from 'vitest';
import { ROLES } from './auth.js';
import { ActorSchema, actorLabel, can, PERMISSIONS, ROLE_PERMISSIONS, roleCan, systemActor, userActor } from './actor.js';

describe('Actor', () => {
  const user = (role: 'admin' | 'lead' | 'agent' | 'associate') => userActor({ id: `usr_${role}`, email: `${role}@x.com`, name: role, role });

  it('derives permissions from the role: only admins manage connectors, leads and admins see value', () => {
    expect(can(user('admin'), 'connectors.manage')).toBe(true);
    expect(can(user('lead'), 'connectors.manage')).toBe(false);
    expect(can(user('lead'), 'value.report')).toBe(true);
    expect(can(user('agent'), 'value.report')).toBe(false);
    expect(can(user('associate'), 'customer.read')).toBe(true);
  });

  it('holds the documented decisions: associates neither merge nor undo; agents undo only their own; leads and admins anyone’s', () => {
    for (const p of ['customer.merge', 'merge.undo.own', 'merge.undo.any', 'customer.pii.read'] as const) expect(can(user('associate'), p)).toBe(false);
    expect(can(user('associate'), 'customer.pii.reveal')).toBe(true);
    expect(can(user('agent'), 'customer.merge')).toBe(true);
    expect(can(user('agent'), 'merge.undo.own')).toBe(true);
    expect(can(user('agent'), 'merge.undo.any')).toBe(false);
    expect(can(user('lead'), 'merge.undo.any')).toBe(true);
    expect(can(user('lead'), 'users.manage')).toBe(false);
    expect(can(user('admin'), 'merge.undo.any')).toBe(true);
  });

  it('one table: a user actor carries exactly its role’s permissions, all known names; system actors hold every one', () => {
    for (const role of ROLES) {
      expect(ROLE_PERMISSIONS[role].every((p) => (PERMISSIONS as readonly string[]).includes(p))).toBe(true);
      for (const p of PERMISSIONS) expect(can(user(role), p)).toBe(roleCan(role, p));
    }
    // Whoever may undo anyone's merge may also undo their own (the route asks for merge.undo.own first).
    for (const role of ROLES) if (roleCan(role, 'merge.undo.any')) expect(roleCan(role, 'merge.undo.own')).toBe(true);
    for (const p of PERMISSIONS) expect(can(systemActor('cli'), p)).toBe(true);
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
