import { randomUUID } from 'node:crypto';
import type { Db } from './schema.js';

export const DEPLOYMENT_ID_SETTING = 'deployment_id';

/**
 * One id per database (per schema on PostgreSQL), made by whichever hub starts first: hubs that share the
 * database read the same id whatever host name they reach it by. The hub names its Redis stream after it,
 * so two deployments (or two test schemas) on one Redis never see each other's broadcasts.
 */
export async function deploymentId(db: Db): Promise<string> {
  await db
    .insertInto('settings')
    .values({ key: DEPLOYMENT_ID_SETTING, value: randomUUID() })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db.selectFrom('settings').select('value').where('key', '=', DEPLOYMENT_ID_SETTING).executeTakeFirstOrThrow();
  return row.value;
}
