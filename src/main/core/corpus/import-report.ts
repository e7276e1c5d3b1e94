// What an import says about its files, kept to a size that does not grow with
// the number of files: counts of every outcome, the documents added as ranges
// of ids, and the files that need the user's attention (failed, skipped,
// duplicates, notes, near-duplicates), at most LISTED of them in the report.
// The rest of those are written, as they come, to a text file beside the
// project that the report names. Imported files with nothing to say are listed
// too while the report is small (an import of a few files names each); past
// LISTED entries they are counted only.
import { appendFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { ImportFileResult, ImportReport } from '../../../shared/api.ts';
import type { QuireError } from '../../../shared/errors.ts';

/** The most files a report lists; the files past them that need attention go to the import's log file. */
export const LISTED = 1000;

/** Whether a file's result needs the user's attention (anything but an import with nothing to say). */
export const needsAttention = (f: ImportFileResult) =>
  f.status !== 'imported' || f.warnings.length > 0 || (f.similar?.length ?? 0) > 0;

/**
 * The log file of an import: "Belarus import 2026-12-06 05-20-00.txt" beside
 * "Belarus.quire" (in the temporary folder for a project in memory), made only
 * when a report has more to say than it lists.
 */
export class ImportLog {
  private readonly project: string | null;
  /** How many files the report lists before the rest go here. */
  readonly listed: number;
  private readonly started = new Date();
  private file: string | null = null;
  /** Files written to the log, and how many of them were imported. */
  count = 0;
  imported = 0;
  /** Lines not yet written: they go to the file in pieces, not a write per file. */
  private pending: string[] = [];
  private pendingChars = 0;

  constructor(project: string | null, listed = LISTED) {
    this.project = project;
    this.listed = listed;
  }

  /** The file, once anything was written to it (flushed first). */
  get path(): string | null {
    this.flush();
    return this.file;
  }

  /** Writes a file's result to the log, as `quire import` prints it. */
  write(f: ImportFileResult): void {
    const lines = [`${LABELS[f.status].padEnd(9)} ${f.path}`];
    if (f.message) lines.push(`          ${f.message}`);
    for (const w of f.warnings) lines.push(`          note: ${w}`);
    for (const d of f.similar ?? [])
      lines.push(
        `          very like “${d.title}” (${Math.round(d.similarity * 100)}% of its word sequences in common)`,
      );
    const text = `${lines.join('\n')}\n`;
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars > 1 << 16) this.flush();
    this.count++;
    if (f.status === 'imported') this.imported++;
  }

  /** Writes what is pending (the report calls it before it names the file). */
  flush(): void {
    if (!this.pending.length) return;
    appendFileSync(this.open(), this.pending.join(''));
    this.pending = [];
    this.pendingChars = 0;
  }

  private open(): string {
    if (this.file) return this.file;
    const d = this.started;
    const pad = (n: number) => String(n).padStart(2, '0');
    const when = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}-${pad(d.getMinutes())}-${pad(d.getSeconds())}`;
    const inFile = this.project && this.project !== ':memory:' && this.project !== '';
    const folder = inFile ? dirname(this.project!) : join(tmpdir(), 'quire-imports');
    const stem = inFile ? basename(this.project!).replace(/\.quire$/i, '') : 'Quire';
    mkdirSync(folder, { recursive: true });
    this.file = join(folder, `${stem} import ${when}.txt`);
    appendFileSync(
      this.file,
      `Files of the import of ${when} that need a look, past the first ${this.listed} the report lists.\n\n`,
    );
    return this.file;
  }
}

const LABELS: Record<ImportFileResult['status'], string> = {
  imported: 'imported',
  duplicate: 'duplicate',
  failed: 'FAILED',
  skipped: 'skipped',
};

/** Collects an import's results as they come: counts, document ids, and the files listed or logged. */
export class ImportResults {
  private readonly listed: ImportFileResult[] = [];
  /** Whether imported files with nothing to say are still listed (until the list first grows past LISTED). */
  private listingAll = true;
  private unlisted = 0;
  private readonly counts = { imported: 0, duplicate: 0, failed: 0, skipped: 0 };
  private readonly documents: [number, number][] = [];
  private fromExports = false;
  readonly log: ImportLog;

  constructor(log: ImportLog) {
    this.log = log;
  }

  add(f: ImportFileResult): void {
    this.counts[f.status]++;
    if (f.path.includes(' › ')) this.fromExports = true;
    if (f.status === 'imported' && f.documentId !== undefined) this.addDocument(f.documentId);
    if (!needsAttention(f)) {
      if (this.listingAll) this.list(f);
      else this.unlisted++;
      return;
    }
    this.list(f);
  }

  report(cancelled: boolean, stopped: QuireError | null = null, notReached?: ImportReport['notReached']): ImportReport {
    const more = this.log.count ? { count: this.log.count, log: this.log.path! } : undefined;
    const report: ImportReport = {
      files: this.listed,
      imported: this.counts.imported,
      duplicates: this.counts.duplicate,
      failed: this.counts.failed,
      skipped: this.counts.skipped,
      cancelled,
      documents: this.documents,
      fromExports: this.fromExports,
    };
    if (this.unlisted) report.unlisted = this.unlisted;
    if (more) report.more = more;
    if (notReached?.count) report.notReached = notReached;
    if (stopped) report.stopped = { code: stopped.code, message: stopped.message };
    return report;
  }

  private list(f: ImportFileResult): void {
    if (this.listed.length >= this.log.listed && this.listingAll) {
      // The list is full: from now on it keeps only the files that need attention, and counts the others.
      this.listingAll = false;
      const kept = this.listed.filter(needsAttention);
      this.unlisted += this.listed.length - kept.length;
      this.listed.splice(0, this.listed.length, ...kept);
      if (!needsAttention(f)) {
        this.unlisted++;
        return;
      }
    }
    if (this.listed.length < this.log.listed) this.listed.push(f);
    else this.log.write(f);
  }

  private addDocument(id: number): void {
    const last = this.documents[this.documents.length - 1];
    if (last && last[1] + 1 === id) last[1] = id;
    else this.documents.push([id, id]);
  }
}
