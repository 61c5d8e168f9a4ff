import { expect, test } from './support/fixtures.js';
import { uniqueCustomer } from './support/hub-api.js';

// Two profiles of one person that share no identifier: the console suggests them, merges on a click, and undoes exactly.
test('possible duplicate: suggested with evidence, merged with confirmation, undone from the history', async ({ hubApi: api, signIn, duplicatesPanel: duplicates }) => {
  const a = uniqueCustomer('dupa');
  const b = uniqueCustomer('dupb');
  const surname = `Quill${a.phoneE164.slice(-6).replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!)}`;
  const data = { dateOfBirth: '1984-03-07', address: { line1: '12 Harbour Street', city: 'Bondi', postcode: '2026' } };
  const base = { source: 'e2e', channel: 'email', type: 'email.received', occurredAt: new Date().toISOString(), summary: 'hello' } as const;
  await api.ingest([{ ...base, sourceEventId: `dup-a-${a.email}`, customer: { email: a.email, name: `Robert ${surname}` }, data }]);
  await api.ingest([{ ...base, sourceEventId: `dup-b-${b.email}`, customer: { email: b.email, phone: b.phoneE164, name: `Bob ${surname}` }, data }]);

  const console_ = await signIn();
  await console_.openCustomer(a.email, `Robert ${surname}`);

  const suggestion = duplicates.suggestions();
  await expect(suggestion).toHaveCount(1);
  await expect(suggestion).toContainText(`Bob ${surname}`);
  await duplicates.merge();
  await expect(duplicates.history()).toBeVisible();
  await expect(console_.identifierChips().filter({ hasText: b.email })).toBeVisible();
  await expect(suggestion).toHaveCount(0);

  await duplicates.undoMerge();
  await expect(duplicates.history()).toContainText('undone');
  await expect(console_.identifierChips().filter({ hasText: b.email })).toHaveCount(0);
  await expect(suggestion).toHaveCount(1);
});
