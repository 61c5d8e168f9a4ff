import type { Db } from '../storage/schema.js';

const MAX_CHAIN = 64;

/** Follows merged_into links (A -> B -> C) to the active survivor; null when the id is unknown. */
export async function resolveCustomerId(db: Db, id: string): Promise<string | null> {
  let cur = id;
  for (let hop = 0; hop < MAX_CHAIN; hop++) {
    const row = await db.selectFrom('customers').select('merged_into').where('id', '=', cur).executeTakeFirst();
    if (!row) return hop === 0 ? null : cur;
    if (row.merged_into === null) return cur;
    cur = row.merged_into;
  }
  throw new Error(`merge chain from ${id} is longer than ${MAX_CHAIN} (cycle?)`);
}
