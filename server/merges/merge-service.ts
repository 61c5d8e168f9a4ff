import type { Actor, AuditEntry, MergeRecord, UndoMergeResponse } from '../../shared/index.js';
import type { SqlCustomerQueries } from '../customers/customer-queries.js';
import { readSummaries } from '../customers/read-summaries.js';
import type { MergeService } from '../domain.js';
import type { DomainEventPublisher } from '../events/bus.js';
import type { Mutex } from '../storage/mutex.js';
import type { Db, Dialect } from '../storage/schema.js';
import { readAudit } from './audit.js';
import { writeManualMerge } from './merge-write.js';
import { assertMayUndo } from './undo-permission.js';
import { writeUndo } from './undo-write.js';

export interface MergeServiceOptions {
  db: Db;
  dialect: Dialect;
  /** Where committed facts go (customer.merged/split/updated), after commit. */
  events: DomainEventPublisher;
  queries: SqlCustomerQueries;
  /** The same lock ingest uses: merges, undos and ingest batches never interleave in one process. */
  writeLock: Mutex;
}

/** Manual merge and exact undo: one transaction each (all-or-nothing), then the facts are published after commit. */
export class SqlMergeService implements MergeService {
  constructor(private readonly o: MergeServiceOptions) {}

  merge(actor: Actor, customerId: string, otherId: string, reason?: string): Promise<MergeRecord> {
    return this.o.writeLock.run(async () => {
      const record = await this.o.db.transaction().execute((tx) => writeManualMerge(tx, this.o.dialect, { customerId, otherId, actor, reason }));
      this.o.events.publish('customer.merged', record);
      await this.announce([record.intoId]);
      return record;
    });
  }

  undo(actor: Actor, mergeId: string, reason?: string): Promise<UndoMergeResponse> {
    return this.o.writeLock.run(async () => {
      const res = await this.o.db.transaction().execute(async (tx) => {
        // Own merges (merge.undo.own) or anyone's (merge.undo.any): decided from the merge's audit row.
        await assertMayUndo(tx, mergeId, actor);
        return writeUndo(tx, this.o.dialect, mergeId, actor, reason);
      });
      this.o.events.publish('customer.split', { mergeId: res.mergeId, restoredId: res.restoredId, fromId: res.fromId });
      await this.announce([res.fromId, res.restoredId]);
      return res;
    });
  }

  audit(actor: Actor, customerId: string, limit: number): Promise<AuditEntry[]> {
    return readAudit(this.o.db, customerId, limit);
  }

  /** The customers a merge or undo changed (after commit, still under the write lock); summaries are read on demand. */
  private announce(customerIds: string[]): void {
    this.o.events.publish('customer.updated', { customerIds, summaries: (ids) => readSummaries(this.o.queries, ids) });
  }
}
