import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPostgres, openSqlite, type OpenedDatabase } from './open-database.js';
import type { Dialect } from './schema.js';
import { seedMigratedSqlite } from './sqlite-template.js';

/*
 * Fresh, isolated databases for tests: SQLite in a temp dir, Postgres in a random schema
 * of DATABASE_URL's database (search_path set on every pooled connection), dropped on close.
 */

/**
 * The backends a suite runs on in this pass: SQLite on the first pass, PostgreSQL on the PG pass
 * (DATABASE_URL set). The SQLite cases already ran on the first pass; running them again there proves nothing.
 */
export function testDialects(): Dialect[] {
  return process.env['DATABASE_URL'] ? ['postgres'] : ['sqlite'];
}

export interface TestDatabase extends OpenedDatabase {
  /** Postgres only: a second, independent pool on the same schema (a second hub process). */
  openAnother(): Promise<OpenedDatabase>;
}

export async function openTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'omni-test-'));
    await seedMigratedSqlite(join(dir, 'omni.sqlite'));
    const opened = await openSqlite(join(dir, 'omni.sqlite'));
    return {
      ...opened,
      openAnother: () => Promise.reject(new Error('one SQLite connection per process: use Postgres for multi-writer tests')),
      async close() {
        await opened.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const url = process.env['DATABASE_URL'];
  if (!url) throw new Error('openTestDatabase("postgres") needs DATABASE_URL');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  await adminQuery(url, `create schema ${schema}`);
  try {
    const poolConfig = { options: `-c search_path=${schema}`, max: 4 };
    const opened = await openPostgres(url, poolConfig);
    return {
      ...opened,
      openAnother: () => openPostgres(url, poolConfig),
      async close() {
        await opened.close();
        await adminQuery(url, `drop schema if exists ${schema} cascade`);
      },
    };
  } catch (err) {
    await adminQuery(url, `drop schema if exists ${schema} cascade`);
    throw err;
  }
}

/**
 * A fresh schema in DATABASE_URL's database, for hubs started from a URL (startHub, hub processes):
 * `url` selects it through libpq `options` (search_path), so every connection of every process lands there.
 */
export async function freshPostgresSchema(tag = 't'): Promise<{ schema: string; url: string; drop(): Promise<void> }> {
  const base = process.env['DATABASE_URL'];
  if (!base) throw new Error('freshPostgresSchema needs DATABASE_URL');
  const schema = `${tag}_${randomBytes(6).toString('hex')}`;
  await adminQuery(base, `create schema ${schema}`);
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { schema, url: url.toString(), drop: () => adminQuery(base, `drop schema if exists ${schema} cascade`) };
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
