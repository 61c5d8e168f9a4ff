import { describe, expect, it } from 'vitest';
import { deploymentId } from './deployment-id.js';
import { openTestDatabase, testDialects } from './test-database.js';

describe.each(testDialects())('deployment id (%s)', (dialect) => {
  it('is made once per database and read back the same by every hub; another database gets another', async () => {
    const a = await openTestDatabase(dialect);
    const b = await openTestDatabase(dialect);
    try {
      const first = await deploymentId(a.db);
      // Two hubs starting at once on one database: both read the id the first insert stored.
      const again = await Promise.all([deploymentId(a.db), deploymentId(a.db)]);
      expect(again).toEqual([first, first]);
      expect(first).toMatch(/^[0-9a-f-]{36}$/);
      expect(await deploymentId(b.db)).not.toBe(first);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
