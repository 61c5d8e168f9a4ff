import {
  PostgresAdapter,
  PostgresDialect,
  PostgresIntrospector,
  QueryNode,
  SelectQueryNode,
  sql,
  type DatabaseIntrospector,
  type DatabaseMetadataOptions,
  type DialectAdapter,
  type Kysely,
  type KyselyPlugin,
  type MigrationLockOptions,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type SchemaMetadata,
  type TableMetadata,
  type UnknownRow,
} from 'kysely';

/*
 * PostgreSQL as Kysely speaks it, with two changes for databases holding several schemas.
 *
 * Kysely's PostgreSQL migration lock is one fixed advisory key for the whole database, so deployments in
 * different schemas of one database (and the test suites, one schema each, run in parallel) queue behind
 * each other's migrations. Hubs on the same schema must still serialize: the key is the schema's.
 */
const LOCK_KEY = sql`hashtext(current_schema() || '.kysely_migration')`;

class SchemaScopedMigrationLockAdapter extends PostgresAdapter {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override async acquireMigrationLock(db: Kysely<any>, _opts: MigrationLockOptions): Promise<void> {
    // Session-level like Kysely's own, with its one-hour lock timeout, in one round trip.
    await sql`with t as (select set_config('lock_timeout', '3600000', true)) select pg_advisory_lock(${LOCK_KEY}) from t`.execute(db);
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override async releaseMigrationLock(db: Kysely<any>, _opts: MigrationLockOptions): Promise<void> {
    await sql`select pg_advisory_unlock(${LOCK_KEY})`.execute(db);
  }
}

/*
 * The migrator asks the introspector whether its own tables exist, and Kysely's introspector reads the
 * columns of every schema in the database, naming each schema as text (`has_schema_privilege(nspname, …)`):
 * a schema dropped meanwhile by someone else fails that query ("schema … does not exist"), and a database
 * holding many schemas makes every hub start read all of them. Tables are read from the current schema only.
 */
const CURRENT_SCHEMA_ONLY = sql`ns.nspname = current_schema()`.toOperationNode();

class CurrentSchemaTables implements KyselyPlugin {
  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    return SelectQueryNode.is(node) ? QueryNode.cloneWithWhere(node, CURRENT_SCHEMA_ONLY) : node;
  }

  transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(result);
  }
}

class CurrentSchemaIntrospector extends PostgresIntrospector {
  private readonly everySchema: PostgresIntrospector;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  constructor(db: Kysely<any>) {
    super(db.withPlugin(new CurrentSchemaTables()));
    this.everySchema = new PostgresIntrospector(db);
  }

  /** Schemas are listed as they are (the plugin's filter names the tables query's alias). */
  override getSchemas(): Promise<SchemaMetadata[]> {
    return this.everySchema.getSchemas();
  }

  /**
   * PostgreSQL may test `has_schema_privilege(nspname, …)` on other schemas' rows before the current-schema filter
   * (predicate order is the planner's), so a schema dropped at that instant still fails the read ("schema … does not
   * exist", 3F000; seen once in the parallel PostgreSQL pass). The read is repeated: the dropped schema is then gone.
   */
  override async getTables(options?: DatabaseMetadataOptions): Promise<TableMetadata[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await super.getTables(options);
      } catch (err) {
        if (attempt >= 5 || (err as { code?: unknown }).code !== '3F000') throw err;
      }
    }
  }
}

export class OmniPostgresDialect extends PostgresDialect {
  override createAdapter(): DialectAdapter {
    return new SchemaScopedMigrationLockAdapter();
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new CurrentSchemaIntrospector(db);
  }
}
