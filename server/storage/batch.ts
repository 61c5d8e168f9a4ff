/*
 * Bind-parameter budgets: SQLite allows 32766 per statement, Postgres 65535.
 * Multi-row inserts and IN (...) lists are chunked to stay well under both.
 */
export const MAX_PARAMS = 30_000;
export const MAX_IN_LIST = 5_000;

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Rows per multi-row insert for a table with `columns` columns. */
export function rowsPerInsert(columns: number): number {
  return Math.max(1, Math.floor(MAX_PARAMS / columns));
}

/** Postgres `unique_violation` or SQLite UNIQUE/PRIMARY KEY constraint: a concurrent writer got there first. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export function nowMicros(): number {
  return Date.now() * 1000;
}
