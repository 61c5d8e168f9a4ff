import type { Tx } from '../storage/commit-queue.js';

/** A commit-queue request's write for tests: one settings row named `key`, answered with that key. */
export const putSetting = (key: string) => async (tx: Tx) => {
  await tx.insertInto('settings').values({ key, value: 'v' }).execute();
  return key;
};
