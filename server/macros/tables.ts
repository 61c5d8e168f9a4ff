import type { Kysely } from 'kysely';
import type { ConversationTables } from '../conversations/tables.js';
import type { Db, Schema } from '../storage/schema.js';

export type MacrosTable = {
  id: string;
  name: string;
  name_key: string;
  body: string;
  actions: string;
  updated_by: string | null;
  created_at_us: number;
  updated_at_us: number;
};

/** Ours, plus the tables the variables are read from (never written here). */
type All = Schema & ConversationTables & { macros: MacrosTable };
export type MacroDb = Kysely<All>;
export const macroDb = (db: Db): MacroDb => db.withTables<ConversationTables & { macros: MacrosTable }>();
