import type { AuditEntry, MergeRecord, UndoMergeResponse } from '../../shared/index.js';
import type { SqlCustomerQueries } from '../customers/customer-queries.js';
import type { FanOut, MergeService } from '../domain.js';
import type { Mutex } from '../storage/mutex.js';
import type { Db, Dialect } from '../storage/schema.js';
import { readAudit } from './audit.js';
import { writeManualMerge } from './merge-write.js';
import { writeUndo } from './undo-write.js';

export interface MergeServiceOptions {
  db: Db;
  dialect: Dialect;
  fanOut: FanOut;
  queries: SqlCustomerQueries;
  /** The same lock ingest uses: merges, undos and ingest batches never interleave in one process. */
  writeLock: Mutex;
  onFanOutError?: (err: unknown) => void;
}

/** Manual merge and exact undo: one transaction each (all-or-nothing), then fan-out after commit. */
export class SqlMergeService implements MergeService {
  constructor(private readonly o: MergeServiceOptions) {}

  merge(customerId: string, otherId: string, actor: string, reason?: string): Promise<MergeRecord> {
    return this.o.writeLock.run(async () => {
      const record = await this.o.db.transaction().execute((tx) => writeManualMerge(tx, this.o.dialect, { customerId, otherId, actor, reason }));
      this.safely(() => this.o.fanOut.customerMerged(record));
      await this.announce([record.intoId]);
      return record;
    });
  }

  undo(mergeId: string, actor: string, reason?: string): Promise<UndoMergeResponse> {
    return this.o.writeLock.run(async () => {
      const res = await this.o.db.transaction().execute((tx) => writeUndo(tx, this.o.dialect, mergeId, actor, reason));
      this.safely(() => this.o.fanOut.customerSplit({ mergeId: res.mergeId, restoredId: res.restoredId, fromId: res.fromId }));
      await this.announce([res.fromId, res.restoredId]);
      return res;
    });
  }

  audit(customerId: string, limit: number): Promise<AuditEntry[]> {
    return readAudit(this.o.db, customerId, limit);
  }

  private async announce(ids: string[]): Promise<void> {
    try {
      const summaries = await this.o.queries.summaries(ids);
      for (const s of summaries.values()) this.safely(() => this.o.fanOut.customerUpdated(s));
    } catch (err) {
      this.o.onFanOutError?.(err);
    }
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.o.onFanOutError?.(err);
    }
  }
}
