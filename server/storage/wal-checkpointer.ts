import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';

/*
 * SQLite WAL checkpoints off the event loop. With SQLite's auto-checkpoint, the commit that
 * crosses the threshold copies the whole WAL into the database file synchronously: for a bulk
 * batch, commit plus checkpoint was ~40% of ingest time in a CPU profile, and for live traffic a stall
 * of every socket emit behind it.
 * Here the hub's connection never checkpoints; a worker thread with its own connection runs
 * PASSIVE checkpoints (they never block the writer) on the second core, every `intervalMs` or
 * when poked after a big commit.
 *
 * One catch: SQLite only rewinds the WAL when a write transaction starts with every frame already
 * copied back, which a writer that never pauses never sees. So before each write the hub checks
 * the WAL size the worker last reported; above `capFrames` it waits (asynchronously, the event
 * loop stays free) for one full checkpoint, and the next transaction rewinds the WAL.
 */

export interface WalCheckpointerOptions {
  /** Frames (pages) in the WAL above which a writer waits for a full checkpoint. */
  capFrames?: number;
  /** Idle polling period of the worker. */
  intervalMs?: number;
  /** The better-sqlite3 entry the worker loads (tests point it at nothing to exercise the fallback). */
  driverPath?: string;
}

/** Shared Int32 slots between the hub thread and the checkpoint worker. */
const LOG = 0; // frames in the WAL at the last checkpoint
const DONE = 1; // frames copied back by it
const GEN = 2; // checkpoints finished (the hub waits on this)
const POKE = 3; // 1 = checkpoint now
const STOP = 4; // 1 = exit
const FAILED = 5; // 1 = the worker's connection failed; the hub keeps SQLite's auto-checkpoints
const READY = 6; // 1 = the worker's connection is open and its loop runs
const STARTED = 7; // checkpoints begun (a report counts only if its checkpoint began after our request)

// Plain CommonJS run with `eval: true`: no worker file to locate under tsx, bundles or Electron.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const s = workerData.state;
let db;
try {
  const Database = require(workerData.driver);
  db = new Database(workerData.file);
  db.pragma('busy_timeout = 0');
  db.pragma('cache_size = -64');
} catch (err) {
  Atomics.store(s, ${FAILED}, 1);
  Atomics.add(s, ${GEN}, 1);
  Atomics.notify(s, ${GEN});
  throw err;
}
Atomics.store(s, ${READY}, 1);
while (Atomics.load(s, ${STOP}) === 0) {
  Atomics.wait(s, ${POKE}, 0, workerData.intervalMs);
  Atomics.store(s, ${POKE}, 0);
  if (Atomics.load(s, ${STOP}) !== 0) break;
  Atomics.add(s, ${STARTED}, 1);
  try {
    const r = db.pragma('wal_checkpoint(PASSIVE)')[0];
    Atomics.store(s, ${LOG}, r.log);
    Atomics.store(s, ${DONE}, r.checkpointed);
  } catch {
    // SQLITE_BUSY and friends: try again next round.
  }
  Atomics.add(s, ${GEN}, 1);
  Atomics.notify(s, ${GEN});
}
db.close();
`;

// 4 MB of old space runs out at startup (ERR_WORKER_OUT_OF_MEMORY); 8 is enough, and costs ~4 MB of RSS.
const LIMIT_OLD_MB = 8;
const LIMIT_YOUNG_MB = 1;

type WaitAsync = (buf: Int32Array, index: number, value: number, timeoutMs?: number) => { async: boolean; value: Promise<string> | string };

export class WalCheckpointer {
  private readonly state = new Int32Array(new SharedArrayBuffer(8 * Int32Array.BYTES_PER_ELEMENT));
  private readonly worker: Worker;
  private readonly capFrames: number;
  private exited: Promise<void>;
  private fellBack = false;
  private handedOver = false;
  private seenGen = 0;
  private bigSinceReport = 0;
  /** Writers that waited for a checkpoint, and for how long in total (bench and tests read these). */
  readonly stats = { waits: 0, waitMs: 0 };

  constructor(
    private readonly sqlite: BetterSqlite3.Database,
    opts: WalCheckpointerOptions = {},
  ) {
    this.capFrames = opts.capFrames ?? 16_000;
    // Auto-checkpoints stay on until the worker reports ready (see beforeWrite).
    // After a rewind the WAL file is cut back to this size: above the cap plus one bulk batch, so a
    // steady bulk load reuses the file instead of growing it again each cycle.
    sqlite.pragma(`journal_size_limit = ${96 * 1024 * 1024}`);
    const driver = opts.driverPath ?? createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driver, file: sqlite.name, intervalMs: opts.intervalMs ?? 100, state: this.state },
      // The loop needs almost nothing; small limits keep the hub's RSS budget.
      resourceLimits: { maxOldGenerationSizeMb: LIMIT_OLD_MB, maxYoungGenerationSizeMb: LIMIT_YOUNG_MB },
      stdout: false,
      stderr: false,
    });
    // Never keeps the process alive; SQLite is crash-safe if it dies mid-checkpoint.
    this.worker.unref();
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.once('error', () => this.fallBack());
    this.worker.once('exit', () => {
      if (Atomics.load(this.state, STOP) === 0) this.fallBack();
    });
  }

  /** `starting` until the worker's connection is open; `fallback` if it never will be (SQLite checkpoints in-process). */
  get mode(): 'starting' | 'worker' | 'fallback' {
    if (this.fellBack || Atomics.load(this.state, FAILED) === 1) return 'fallback';
    return Atomics.load(this.state, READY) === 1 ? 'worker' : 'starting';
  }

  /** Before a write transaction: resolves at once unless the WAL outgrew the cap. */
  async beforeWrite(): Promise<void> {
    if (this.fellBack) return;
    if (Atomics.load(this.state, FAILED) === 1) return this.fallBack();
    if (!this.handedOver) {
      // Checked here, on the write path, not in an event: a bulk load may not yield to the event loop.
      if (Atomics.load(this.state, READY) !== 1) return;
      this.handedOver = true;
      this.sqlite.pragma('wal_autocheckpoint = 0');
    }
    const gen = Atomics.load(this.state, GEN);
    if (gen !== this.seenGen) {
      this.seenGen = gen;
      this.bigSinceReport = 0;
    }
    // The reported size lags by the checkpoints in flight: more than one unreported bulk commit, and we wait for a report too.
    if (Atomics.load(this.state, LOG) <= this.capFrames && this.bigSinceReport < 2) return;
    const t0 = performance.now();
    this.stats.waits++;
    // Atomics.waitAsync alone does not keep Node alive: a CLI import awaiting here would just exit.
    this.worker.ref();
    try {
      // Nothing writes while we wait (the caller holds the write lock), so one checkpoint catches up.
      for (let round = 0; round < 100 && !this.fellBack; round++) {
        // A checkpoint already running may have begun before the last commit: wait for the next one.
        const target = Atomics.load(this.state, STARTED) + 1;
        this.poke();
        for (let gen = Atomics.load(this.state, GEN); gen < target && !this.fellBack; gen = Atomics.load(this.state, GEN)) {
          const r = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync(this.state, GEN, gen, 1000);
          if (r.async) await r.value;
          if (Atomics.load(this.state, FAILED) === 1) this.fallBack();
        }
        this.seenGen = Atomics.load(this.state, GEN);
        this.bigSinceReport = 0;
        const log = Atomics.load(this.state, LOG);
        // Below the cap one fresh report is enough; above it, wait until everything is copied back.
        if (log <= this.capFrames || log === Atomics.load(this.state, DONE)) break;
      }
    } finally {
      this.worker.unref();
      this.stats.waitMs += performance.now() - t0;
    }
  }

  /** After a commit: a big one starts a checkpoint now instead of at the next poll. */
  afterCommit(big: boolean): void {
    if (!big) return;
    this.bigSinceReport++;
    this.poke();
  }

  /** Stops the worker (its connection closed) before the hub's own connection closes. */
  async close(): Promise<void> {
    Atomics.store(this.state, STOP, 1);
    this.poke();
    // Held while we wait: otherwise a closing process (nothing else left on its loop) exits right here.
    this.worker.ref();
    await Promise.race([this.exited, new Promise((r) => setTimeout(r, 2000).unref())]);
    if (!this.fellBack) await this.worker.terminate().catch(() => {});
  }

  private poke(): void {
    Atomics.store(this.state, POKE, 1);
    Atomics.notify(this.state, POKE);
  }

  /** The worker could not run (driver missing in a packaged app, say): back to SQLite's own checkpoints. */
  private fallBack(): void {
    if (this.fellBack) return;
    this.fellBack = true;
    try {
      if (this.sqlite.open) this.sqlite.pragma('wal_autocheckpoint = 1000');
    } catch {
      // closing anyway
    }
  }
}
