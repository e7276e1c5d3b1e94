// Every new document of an import is checked for near-duplicates among the
// documents added before it. For a project in a file, the batches go to a
// worker thread (near-worker.ts) as soon as they are committed, so the check
// runs beside the rest of the import and never holds the thread that answers
// the workbench; a project in memory (tests) is checked on this thread, in
// slices that give the event loop a turn every SLICE_MS.
import { Worker } from 'node:worker_threads';
import type { ImportReport } from '../../../shared/api.ts';
import type { Db } from '../db/db.ts';
import { documentTitle } from '../documents/documents.ts';
import { nearDuplicatesOf } from './near-index.ts';
import type { NearAnswer, NearRequest } from './near-worker.ts';

/** From this many new documents on, a project in a file is checked in a worker (it takes a moment to start). */
const WORKER_FROM = 32;
/** The check on this thread gives the event loop a turn this often (ms), so the workbench answers other requests meanwhile. */
const SLICE_MS = 10;

// Source runs as .ts (Node's type stripping, tests); the built app as .js beside its bundle.
const workerUrl = new URL(import.meta.url.endsWith('.ts') ? './near-worker.ts' : './near-worker.js', import.meta.url);

type Similar = ReturnType<typeof nearDuplicatesOf>[number];

export class NearDuplicateCheck {
  private readonly db: Db;
  /** New documents that have near-duplicates, with them. */
  private readonly found = new Map<number, Similar[]>();
  /** Documents for this thread to check. */
  private queued: number[] = [];
  /** The buckets of queued or sent documents, where the import gave them (nearDuplicatesOf then reads a text only to compare it). */
  private readonly buckets = new Map<number, readonly number[]>();
  private worker: Worker | null = null;
  /** Batches sent to the worker and not answered yet. */
  private readonly sent = new Map<number, number[]>();
  private nextChunk = 0;
  private answered: (() => void) | null = null;

  constructor(db: Db) {
    this.db = db;
  }

  /** Documents just committed (with their buckets, when the import gave them): they are checked from now on. */
  add(ids: readonly number[], buckets?: ReadonlyMap<number, readonly number[]>): void {
    this.queued.push(...ids);
    if (buckets) for (const [id, b] of buckets) this.buckets.set(id, b);
    if (!this.worker && this.queued.length >= WORKER_FROM && !this.db.memory && !this.db.readonly) this.startWorker();
    if (this.worker) this.send();
  }

  /**
   * The import's report with each new document's near-duplicates. Every
   * document the import saved is checked, a cancelled import's too: what
   * stays in the project is never left unchecked (the check keeps pace with
   * the import, so little is left to do when it ends).
   */
  async flag(report: ImportReport): Promise<ImportReport> {
    while (this.sent.size && this.worker) await new Promise<void>((r) => (this.answered = r));
    await this.checkHere();
    const files = report.files.map((f) => {
      const similar = f.status === 'imported' && f.documentId !== undefined ? this.found.get(f.documentId) : undefined;
      return similar ? { ...f, similar: similar.map((d) => this.named(d)) } : f;
    });
    return { ...report, files };
  }

  /** A near-duplicate as the report gives it: named as the library names it, its share in whole percent. */
  private named(d: Similar) {
    return { ...d, title: documentTitle(this.db, d.documentId), similarity: Math.round(d.similarity * 100) / 100 };
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private async checkHere(): Promise<void> {
    // After a worker failure, the batches it held are checked here.
    for (const ids of this.sent.values()) this.queued.push(...ids);
    this.sent.clear();
    let slice = performance.now();
    for (const id of this.queued) {
      if (performance.now() - slice > SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        slice = performance.now();
      }
      this.record(id, nearDuplicatesOf(this.db, id, { earlierOnly: true, buckets: this.buckets.get(id) }));
    }
    this.queued = [];
    this.buckets.clear();
  }

  private record(id: number, similar: Similar[]): void {
    if (similar.length) this.found.set(id, similar);
  }

  private send(): void {
    if (!this.queued.length) return;
    const chunk = this.nextChunk++;
    this.sent.set(chunk, this.queued);
    const buckets = this.queued.map((id) => this.buckets.get(id) ?? null);
    this.worker!.postMessage({ chunk, ids: this.queued, buckets } satisfies NearRequest);
    this.queued = [];
  }

  private startWorker(): void {
    const worker = new Worker(workerUrl, { workerData: { file: this.db.name } });
    worker.on('message', ({ chunk, found }: NearAnswer) => {
      const ids = this.sent.get(chunk);
      if (!ids) return;
      this.sent.delete(chunk);
      for (const id of ids) this.buckets.delete(id);
      for (const [id, similar] of found) this.record(id, similar);
      this.wake();
    });
    // A worker that fails leaves its batches to this thread (checkHere), so no document goes unchecked.
    const fail = () => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.wake();
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    this.worker = worker;
  }

  private wake(): void {
    this.answered?.();
    this.answered = null;
  }
}
