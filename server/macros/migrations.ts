import type { Kysely, Migration } from 'kysely';

/* Canned responses and macros (issue 12). Names are the database's record of what ran: never rename one. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export const macroMigrations = (): Record<string, Migration> => ({
  '0028_macros': {
    async up(db: AnyDb) {
      await db.schema
        .createTable('macros')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        // Lower-cased name: one macro per name, whatever the capitals.
        .addColumn('name_key', 'text', (c) => c.notNull().unique())
        .addColumn('body', 'text', (c) => c.notNull())
        // JSON MacroActions (status, priority, addTags).
        .addColumn('actions', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text')
        .addColumn('created_at_us', 'bigint', (c) => c.notNull())
        .addColumn('updated_at_us', 'bigint', (c) => c.notNull())
        .execute();
    },
    async down(db: AnyDb) {
      await db.schema.dropTable('macros').ifExists().execute();
    },
  },
});
