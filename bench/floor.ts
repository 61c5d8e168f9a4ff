import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { SQLITE_CACHE_KIB } from '../server/storage/open-database.js';

/*
 * The raw SQL floor: a hand-written prepared SELECT on the same (customer_id, occurred_at_us DESC,
 * id DESC) index the domain uses, straight on the driver: no query builder, no id resolution,
 * no row mapping or JSON decoding. What any timeline implementation has to pay at minimum.
 */

const COLUMNS = 'seq, id, customer_id, source, source_event_id, channel, type, occurred_at_us, summary, data';
const ORDER = 'order by occurred_at_us desc, id desc';

export interface Cursor {
  us: number;
  id: string;
}

export interface Floor {
  page(customerId: string, limit: number, before?: Cursor): Promise<{ id: string }[]>;
  close(): Promise<void>;
}

export function sqliteFloor(file: string): Floor {
  const db = new BetterSqlite3(file, { readonly: true });
  db.pragma(`cache_size = -${SQLITE_CACHE_KIB}`); // same page cache as the hub's connection
  const first = db.prepare(`select ${COLUMNS} from events where customer_id = ? ${ORDER} limit ?`);
  const next = db.prepare(`select ${COLUMNS} from events where customer_id = ? and occurred_at_us <= ? and (occurred_at_us < ? or id < ?) ${ORDER} limit ?`);
  return {
    page: async (customerId, limit, before) => (before ? next.all(customerId, before.us, before.us, before.id, limit) : first.all(customerId, limit)) as { id: string }[],
    close: async () => {
      db.close();
    },
  };
}

export function postgresFloor(connectionString: string): Floor {
  const pool = new pg.Pool({ connectionString, max: 2 });
  const first = `select ${COLUMNS} from events where customer_id = $1 ${ORDER} limit $2`;
  const next = `select ${COLUMNS} from events where customer_id = $1 and occurred_at_us <= $2 and (occurred_at_us < $2 or id < $3) ${ORDER} limit $4`;
  return {
    page: async (customerId, limit, before) =>
      (before
        ? await pool.query({ name: 'bench_floor_next', text: next, values: [customerId, before.us, before.id, limit] })
        : await pool.query({ name: 'bench_floor_first', text: first, values: [customerId, limit] })
      ).rows as { id: string }[],
    close: () => pool.end(),
  };
}
