import type { KyselyPlugin, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import type pg from 'pg';

/*
 * Query-plan checks shared by the plan tests (search, duplicates): a request must reach the big tables by
 * index. PostgreSQL runs EXPLAIN ANALYZE, so a Seq Scan is judged by the rows it actually read (a scan under a
 * LIMIT that stopped early, or of a tiny table, is fine within `bound`).
 */

/** Seq Scans on `tables` that read more than `bound` rows, as "table: N rows read". */
export async function pgSeqScansOver(pool: pg.Pool, sql: string, parameters: readonly unknown[], tables: readonly string[], bound: number): Promise<string[]> {
  const { rows } = await pool.query<{ 'QUERY PLAN': unknown }>(`explain (analyze, format json) ${sql}`, parameters as unknown[]);
  const scans: string[] = [];
  const walk = (node: Record<string, unknown>) => {
    if (node['Node Type'] === 'Seq Scan' && tables.includes(String(node['Relation Name']))) {
      const read = Number(node['Actual Rows']) * Number(node['Actual Loops']) + Number(node['Rows Removed by Filter'] ?? 0);
      if (read > bound) scans.push(`${String(node['Relation Name'])}: ${read} rows read`);
    }
    for (const child of (node['Plans'] as Record<string, unknown>[] | undefined) ?? []) walk(child);
  };
  walk((rows[0]!['QUERY PLAN'] as { Plan: Record<string, unknown> }[])[0]!.Plan);
  return scans;
}

/** Kysely plugin that keeps every statement (SQL and parameters, as the driver gets them) while `on`: explained afterwards. */
export class StatementCapture implements KyselyPlugin {
  on = false;
  readonly sql: { sql: string; parameters: readonly unknown[] }[] = [];
  constructor(private readonly compile: (node: RootOperationNode) => { sql: string; parameters: readonly unknown[] }) {}
  transformQuery(args: { node: RootOperationNode }): RootOperationNode {
    if (this.on) this.sql.push(this.compile(args.node));
    return args.node;
  }
  transformResult(args: { result: QueryResult<UnknownRow> }): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}
