// Every new document of an import is checked for near-duplicates among the
// documents added before it, as soon as its batch is committed. For a project
// in a file, the import's parse worker checks them between files, on a
// read-only connection of its own (parsers.ts, parse-worker.ts): it has time to
// spare while the import writes, and a thread of its own for the check cost
// tens of MB of memory that grew with the import. Otherwise (a project in
// memory, a few files parsed inline, or a worker that stopped) they are checked
// on this thread, in slices of SLICE_MS that give the event loop a turn, so the
// import and the workbench go on meanwhile.
import type { ImportFileResult, ImportReport } from '../../../shared/api.ts';
import type { Db } from '../db/db.ts';
import { values } from '../db/statement.ts';
import { documentTitle } from '../documents/documents.ts';
import { ImportLog } from './import-report.ts';
import type { Parser } from './parsers.ts';
import type { ImportScope } from './bucket-filter.ts';
import { nearDuplicatesOf } from './near-index.ts';

/** The check gives the event loop a turn this often (ms), so the import and the workbench go on meanwhile. */
const SLICE_MS = 10;

type Similar = ReturnType<typeof nearDuplicatesOf>[number];

/** Where a document was imported from: its file's path, or its name for an upload. */
const pathOf = values<[id: number], string | null>('SELECT coalesce(path, filename) FROM documents WHERE id = ?');

export class NearDuplicateCheck {
  private readonly db: Db;
  /** New documents that have near-duplicates, with them. */
  private readonly found = new Map<number, Similar[]>();
  /** Documents waiting to be checked, from `next` on. */
  private queued: number[] = [];
  private next = 0;
  /** The buckets of queued documents, where the import gave them (nearDuplicatesOf then reads a text only to compare it). */
  private readonly buckets = new Map<number, readonly number[]>();
  /** Checks sent to the parse worker and not answered yet. */
  private readonly sent = new Set<Promise<void>>();
  /** The queue being worked through, while there is one. */
  private running: Promise<void> | null = null;
  /** Why the check stopped, when it failed: the report must not say "no near-duplicates" unchecked. */
  private failure: unknown = null;

  /** Where files past those the report lists are written: the import's own log (ImportOptions.log). */
  private readonly log: ImportLog;

  constructor(db: Db, log: ImportLog = new ImportLog(db.name)) {
    this.db = db;
    this.log = log;
  }

  /**
   * Documents just committed (with their buckets, when the import gave them): they are checked from now on, by
   * the parse worker of `parser` when it has one. `stillAlone` says whether the import is still the project's only
   * writer when the worker answers: a write that came after the documents were handed over but before the worker
   * looked them up is not in its filter, so a check that trusted the filter is done again without it.
   */
  add(
    ids: readonly number[],
    buckets?: ReadonlyMap<number, readonly number[]>,
    parser?: Parser | null,
    scope: ImportScope = { alone: false, toCome: 0 },
    stillAlone: () => boolean = () => false,
  ): void {
    if (!ids.length) return;
    if (parser?.near && !this.db.memory && !this.db.readonly) {
      const sent = parser
        .near(
          this.db.name,
          [...ids],
          ids.map((id) => buckets?.get(id) ?? null),
          scope,
        )
        .then((found) => {
          // Something else wrote while the worker checked with its filter: what it wrote may be what they are like.
          if (found && scope.alone && !stillAlone()) this.add(ids, buckets, parser, { ...scope, alone: false });
          else if (found) for (const [id, similar] of found) this.found.set(id, similar);
          // The worker stopped before it answered: they are checked here.
          else this.add(ids, buckets);
        })
        .finally(() => this.sent.delete(sent));
      this.sent.add(sent);
      return;
    }
    for (const id of ids) {
      this.queued.push(id);
      const b = buckets?.get(id);
      if (b) this.buckets.set(id, b);
    }
    if (!this.running && this.next < this.queued.length)
      this.running = this.work().finally(() => {
        this.running = null;
      });
  }

  /**
   * The import's report with each new document's near-duplicates. Every
   * document the import saved is checked, a cancelled import's too: what
   * stays in the project is never left unchecked (the check keeps pace with
   * the import, so little is left to do when it ends).
   */
  async flag(report: ImportReport): Promise<ImportReport> {
    await this.settle();
    if (this.failure) throw this.failure;
    if (!this.found.size) return report;
    const listed = new Set<number>();
    const files = report.files.map((f) => {
      if (f.status !== 'imported' || f.documentId === undefined) return f;
      listed.add(f.documentId);
      const similar = this.found.get(f.documentId);
      return similar ? { ...f, similar: similar.map((d) => this.named(d)) } : f;
    });
    // A file the full list left out (it had nothing to say then) is listed now, or written to the log past the list.
    for (const [id, similar] of this.found) {
      if (listed.has(id)) continue;
      const entry: ImportFileResult = {
        path: pathOf(this.db).get(id) ?? documentTitle(this.db, id),
        status: 'imported',
        documentId: id,
        title: documentTitle(this.db, id),
        warnings: [],
        similar: similar.map((d) => this.named(d)),
      };
      if (files.length < this.log.listed) files.push(entry);
      else this.log.write(entry);
    }
    const flagged: ImportReport = { ...report, files };
    // Imported files neither listed nor logged.
    const unlisted = report.imported - files.filter((f) => f.status === 'imported').length - this.log.imported;
    delete flagged.unlisted;
    if (unlisted > 0) flagged.unlisted = unlisted;
    if (this.log.count) flagged.more = { count: this.log.count, log: this.log.path! };
    return flagged;
  }

  /** A near-duplicate as the report gives it: named as the library names it, its share in whole percent. */
  private named(d: Similar) {
    return { ...d, title: documentTitle(this.db, d.documentId), similarity: Math.round(d.similarity * 100) / 100 };
  }

  /** Waits for every check sent or queued (the import waits for those in its parse worker before closing it). */
  async settle(): Promise<void> {
    while (this.sent.size || this.running) await Promise.all([...this.sent, this.running]);
  }

  /** Works through the queue in slices, each after a turn of the event loop (the batch that queued them has just committed). */
  private async work(): Promise<void> {
    try {
      while (this.next < this.queued.length) {
        await new Promise((resolve) => setImmediate(resolve));
        const slice = performance.now();
        while (this.next < this.queued.length && performance.now() - slice < SLICE_MS) {
          const id = this.queued[this.next++]!;
          const similar = nearDuplicatesOf(this.db, id, { earlierOnly: true, buckets: this.buckets.get(id) });
          this.buckets.delete(id);
          if (similar.length) this.found.set(id, similar);
        }
        // What was checked is let go of as the import goes on.
        if (this.next > 4096 && this.next * 2 > this.queued.length) {
          this.queued = this.queued.slice(this.next);
          this.next = 0;
        }
      }
    } catch (e) {
      this.failure = e;
      this.queued = [];
      this.next = 0;
      this.buckets.clear();
    }
  }
}
