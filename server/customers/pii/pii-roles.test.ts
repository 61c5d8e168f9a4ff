import { describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS, type Role } from '../../../shared/index.js';

/*
 * Routes outside server/customers answer contact details unmasked because only roles that read personal
 * data may call them. If the permission table changes, these routes must mask (customers/pii/mask.ts) first.
 */
describe('roles that reach unmasked customer data hold customer.pii.read', () => {
  const roles = Object.keys(ROLE_PERMISSIONS) as Role[];
  // Duplicate suggestions (their evidence compares emails, phones, addresses), merges, privacy exports, the value
  // report's CSV, dead letters (raw webhook bodies) and the audit log.
  for (const permission of ['customer.merge', 'privacy.export', 'value.report', 'connectors.manage', 'audit.read'] as const) {
    it(`every role with ${permission}`, () => {
      for (const role of roles) if (ROLE_PERMISSIONS[role].includes(permission)) expect(ROLE_PERMISSIONS[role], role).toContain('customer.pii.read');
    });
  }
  it('associates are masked and may reveal', () => {
    expect(ROLE_PERMISSIONS.associate).not.toContain('customer.pii.read');
    expect(ROLE_PERMISSIONS.associate).toContain('customer.pii.reveal');
  });
});
