// While an import writes, the write-ahead log is copied into the project (a
// checkpoint) on a thread of its own (checkpoint-worker.ts), so that the copy
// and its syncs to disk are not on the import's clock. SQLite would otherwise
// copy the log inside the commit that filled it, on the import's own thread.
//
// The log starts over from its beginning only when a write begins with every
// page of it copied, so each round is two copies: the first, of everything the
// log holds, while the import goes on writing; then, before the import's next
// write, a short one of what was written meanwhile, which the import waits for.
// Its next write then starts the log over, and the log stays near
// CHECKPOINT_PAGES however long the import runs.
//
// As an import ends, its last two batches are each copied once committed, and
// what it writes after them (the vocabulary, a filter) as the checkpoints
// close, so that little is left to copy when the import is done. Otherwise a
// command-line import of the BBC folder waited at its end for its log to be
// copied, on the thread or in one of its last commits: from the end of its last
// batch to the end of the process, a median 160 ms (107-274) against 120 (93-178).
import { Worker } from 'node:worker_threads';
import type { Db } from './db.ts';
import type { CheckpointAnswer } from './checkpoint-worker.ts';

const workerUrl = new URL(
  import.meta.url.endsWith('.ts') ? './checkpoint-worker.ts' : './checkpoint-worker.js',
  import.meta.url,
);

/**
 * How many pages the log gathers before they are copied into the project (SQLite's default is 1,000). The
 * near-duplicate buckets and the documents' keys land all over their indexes, so each batch rewrites many of the
 * pages the batch before rewrote: copied after every few batches, such a page is copied once for them all. The log
 * file grows to about 200 MB during a large import; it is the same on disk once committed.
 */
export const CHECKPOINT_PAGES = 50_000;

/** When the log holds this many times CHECKPOINT_PAGES and a round has not started it over (a reader held it), it is started over on the import's thread. */
const LOG_ROUNDS_MAX = 4;

/** Batches before the first copy of an import; later rounds come after as many as filled the log to CHECKPOINT_PAGES. */
const FIRST_ROUND_BATCHES = 10;

/** An import's checkpoints: `during` at its start, `beforeWrite` and `committed` around each batch, `close` at its end. */
export interface ImportCheckpoints {
  beforeWrite(): Promise<void>;
  committed(): void;
  /**
   * The import, of more than one batch, is about to write its last or the one before: each batch from this one on
   * is copied once committed.
   */
  ending(): void;
  /**
   * The import is done with them and has written all it writes: the thread copies what the log holds once more
   * (what the import wrote as it ended), and SQLite copies the log itself again from the next commit on (one that
   * finds the thread still copying leaves the rest to it). The thread then closes its connection, which, as the
   * project's last, copies what is left and removes the log; a command-line process stays until then. Resolves when
   * the thread has ended: the import need not wait for it.
   */
  close(): Promise<void>;
}

/**
 * The checkpoints of an import into `db`: on a thread of their own for a project in a file, with SQLite's own
 * checkpoints set aside until `close`; for one in memory (no log), read-only, or whose checkpoints were turned off, nothing.
 */
export function checkpointsDuring(db: Db, pages = CHECKPOINT_PAGES): ImportCheckpoints {
  if (db.memory || db.readonly || (db.pragma('wal_autocheckpoint', { simple: true }) as number) <= 0)
    return { beforeWrite: async () => {}, committed: () => {}, ending: () => {}, close: async () => {} };
  return new BackgroundCheckpoints(db, pages);
}

type Copied = Extract<CheckpointAnswer, { ok: true }>;

class BackgroundCheckpoints implements ImportCheckpoints {
  private readonly db: Db;
  /** Pages the log gathers before a round (CHECKPOINT_PAGES). */
  private readonly pages: number;
  /** SQLite's setting before the import (restored by close). */
  private readonly autocheckpoint: number;
  /** Started at the first round, so that an import of a few batches starts no thread. */
  private worker: Worker | null = null;
  /** The thread could not be used: SQLite copies the log itself, as it did before there was one. */
  private failed = false;
  private asked = 0;
  private readonly answers = new Map<number, (answer: CheckpointAnswer | null) => void>();
  /** Batches committed since the log last started over (or since the import began). */
  private batches = 0;
  /** Batches per round, adjusted to `pages` from what the log held at the last first copy. */
  private every = FIRST_ROUND_BATCHES;
  /** The copy asked for last (the first of a round, or one that follows the batches), while it runs. */
  private copying: Promise<void> | null = null;
  /** The first copy of a round is done: the next write waits for the rest. */
  private copied = false;
  /** The import is writing its last batches (ending). */
  private last = false;

  constructor(db: Db, pages: number) {
    this.db = db;
    this.pages = pages;
    this.autocheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
    db.pragma('wal_autocheckpoint = 0');
  }

  committed(): void {
    this.batches++;
    if (this.failed) return;
    // The last batches are each copied once committed, while the import goes on.
    if (this.last) {
      this.follow();
      return;
    }
    if (this.copying || this.copied || this.batches < this.every) return;
    const batches = this.batches;
    this.copying = this.checkpoint().then((answer) => {
      this.copying = null;
      if (!answer) return;
      if (answer.log > 0) this.every = Math.max(1, Math.round((batches * this.pages) / answer.log));
      this.copied = true;
    });
  }

  async beforeWrite(): Promise<void> {
    if (!this.copied) return;
    this.copied = false;
    const answer = await this.checkpoint();
    if (!answer) return;
    // Every page copied: this write starts the log over. Otherwise a reader held some of it: the next round copies it.
    if (answer.checkpointed === answer.log) this.batches = 0;
    else if (answer.log > LOG_ROUNDS_MAX * this.pages) {
      // Readers kept the log from starting over round after round: it is started over here, waiting for them.
      this.db.pragma('wal_checkpoint(RESTART)');
      this.batches = 0;
    }
  }

  /**
   * What the log holds is copied now, on the thread, while the import writes its last batches (unless a copy runs
   * already), and each of them once committed: the first commit after close would otherwise copy all of it on the
   * import's thread (for an import of a few batches, all it wrote: 90 ms of a 1.4 s import of the BBC folder).
   * Not for an import of one batch, which is left to SQLite, as it always was: a thread would only make it wait for
   * its start.
   */
  ending(): void {
    this.last = true;
    if (this.failed || this.copying || this.copied || this.batches === 0) return;
    this.follow();
  }

  /**
   * A copy of what the log holds now, on the thread, started even while one runs (the thread makes them in turn),
   * without starting the log over: the import does not wait for it.
   */
  private follow(): void {
    const copy = this.checkpoint().then(() => {
      if (this.copying === copy) this.copying = null;
    });
    this.copying = copy;
  }

  close(): Promise<void> {
    this.db.pragma(`wal_autocheckpoint = ${this.autocheckpoint}`);
    if (this.worker && !this.failed) this.follow();
    const worker = this.worker;
    this.worker = null;
    if (!worker) return Promise.resolve();
    // It reads its messages in turn: the copies asked for (the last batches', and this last one) are made first.
    return new Promise<void>((resolve) => worker.once('exit', () => resolve()).postMessage({ close: true }));
  }

  /** One passive checkpoint on the thread; null when the thread cannot be used (SQLite then copies the log itself). */
  private checkpoint(): Promise<Copied | null> {
    const worker = this.failed ? null : (this.worker ??= this.start());
    if (!worker) return Promise.resolve(null);
    const id = ++this.asked;
    return new Promise<CheckpointAnswer | null>((resolve) => {
      this.answers.set(id, resolve);
      worker.postMessage({ id });
    }).then((answer): Copied | null => {
      if (answer?.ok) return answer;
      this.fail();
      return null;
    });
  }

  private start(): Worker {
    // Not unref'd: while the import waits for it to finish (close), it is all that keeps a command-line process going.
    const worker = new Worker(workerUrl, { workerData: { file: this.db.name } });
    worker.on('message', (answer: CheckpointAnswer) => {
      this.answers.get(answer.id)?.(answer);
      this.answers.delete(answer.id);
    });
    worker.on('error', () => this.fail());
    worker.on('exit', () => {
      if (this.worker === worker) this.fail();
    });
    return worker;
  }

  /** The thread failed (it could not open the project, say): SQLite copies the log inside the import's commits from now on. */
  private fail(): void {
    if (this.failed) return;
    this.failed = true;
    this.copied = false;
    for (const resolve of this.answers.values()) resolve(null);
    this.answers.clear();
    const worker = this.worker;
    this.worker = null;
    void worker?.terminate();
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${this.pages}`);
  }
}
