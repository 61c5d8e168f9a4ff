import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../domain.js';
import type { SqlDomain } from '../create-domain.js';
import { openTestDomain } from '../storage/test-domain.js';
import { testDialects } from '../storage/test-database.js';
import { SESSION_TTL_US } from './auth-service.js';

describe.each(testDialects())('auth on %s', (dialect) => {
  let domain: SqlDomain;
  beforeEach(async () => {
    ({ domain } = await openTestDomain(dialect));
  });
  afterEach(async () => {
    await domain.close();
  });

  it('bootstrap creates the admin once, generating a password only when none is given', async () => {
    const first = await domain.bootstrap({});
    expect(first.adminEmail).toBe('admin@omni.local');
    expect(first.generatedAdminPassword).toMatch(/^\S{12,}$/);
    const login = await domain.auth.login('ADMIN@omni.local ', first.generatedAdminPassword!);
    expect(login?.user).toMatchObject({ email: 'admin@omni.local', name: 'Admin', role: 'admin' });

    const again = await domain.bootstrap({ adminPassword: 'another-password' });
    expect(again.generatedAdminPassword).toBeUndefined();
    // An existing admin keeps its password.
    expect(await domain.auth.login('admin@omni.local', 'another-password')).toBeNull();

    const given = await domain.bootstrap({ adminEmail: 'boss@x.com', adminPassword: 'given-password' });
    expect(given.generatedAdminPassword).toBeUndefined();
    expect((await domain.auth.login('boss@x.com', 'given-password'))?.user.role).toBe('admin');
  });

  it('login issues an opaque token that resolves to the user; wrong email or password -> null', async () => {
    const user = await domain.auth.createUser({ email: 'Agent@X.com', name: 'Agent Smith', role: 'agent', password: 'secret-pass' });
    expect(user).toMatchObject({ email: 'agent@x.com', role: 'agent' });
    expect(await domain.auth.login('agent@x.com', 'wrong-pass')).toBeNull();
    expect(await domain.auth.login('nobody@x.com', 'secret-pass')).toBeNull();

    const s = await domain.auth.login('agent@x.com', 'secret-pass');
    expect(s!.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await domain.auth.userForToken(s!.token)).toEqual(user);
    expect(await domain.auth.userForToken(s!.token + 'x')).toBeNull();
    expect(await domain.auth.userForToken('')).toBeNull();
    // Only the hash of the token is stored.
    const row = await domain.database.db.selectFrom('sessions').selectAll().executeTakeFirstOrThrow();
    expect(row.token_hash).not.toContain(s!.token);
    expect(row.expires_at_us - row.created_at_us).toBe(SESSION_TTL_US);

    // Expired sessions are refused (a session not yet asked for: the hub's own clock checks a cached one, server/auth/sessions.test.ts).
    const late = await domain.auth.login('agent@x.com', 'secret-pass');
    await domain.database.db.updateTable('sessions').set({ expires_at_us: Date.now() * 1000 - 1 }).execute();
    expect(await domain.auth.userForToken(late!.token)).toBeNull();
  });

  it('createUser validates input and refuses a second user with the same email', async () => {
    await domain.auth.createUser({ email: 'a@x.com', name: 'A', role: 'lead', password: 'long-enough' });
    const dup = await domain.auth.createUser({ email: ' A@X.COM', name: 'B', role: 'agent', password: 'long-enough' }).catch((e: unknown) => e);
    expect(dup).toBeInstanceOf(InputError);
    expect(dup).toMatchObject({ path: 'email', code: 'conflict' });
    await expect(domain.auth.createUser({ email: 'b@x.com', name: 'B', role: 'agent', password: 'short' })).rejects.toMatchObject({ path: 'password' });
    await expect(domain.auth.createUser({ email: 'b@x.com', name: 'B', role: 'root' as 'agent', password: 'long-enough' })).rejects.toMatchObject({ path: 'role' });
  });

  it('ingest key: generated and stored once, accepted in constant time, overridden by an explicit key', async () => {
    expect(domain.auth.checkIngestKey('anything')).toBe(false);
    const first = await domain.bootstrap({});
    expect(first.generatedIngestKey).toBe(true);
    expect(domain.auth.checkIngestKey(first.ingestKey)).toBe(true);
    expect(domain.auth.checkIngestKey(first.ingestKey.slice(0, -1))).toBe(false);
    expect(domain.auth.checkIngestKey('')).toBe(false);

    const second = await domain.bootstrap({});
    expect(second).toMatchObject({ ingestKey: first.ingestKey, generatedIngestKey: false });

    const explicit = await domain.bootstrap({ ingestKey: 'my-own-ingest-key' });
    expect(explicit).toMatchObject({ ingestKey: 'my-own-ingest-key', generatedIngestKey: false });
    expect(domain.auth.checkIngestKey('my-own-ingest-key')).toBe(true);
    expect(domain.auth.checkIngestKey(first.ingestKey)).toBe(false);
    expect(await domain.auth.storedIngestKey()).toBe('my-own-ingest-key');
  });
});
