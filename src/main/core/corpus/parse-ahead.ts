// How far an import's parsing runs ahead of its writing. Files are asked of the
// parser ahead of the one being written, so the parser keeps busy while SQLite
// writes, but what they hold waits in memory until it is written: the queue is
// bounded in files and in bytes, each file counted at its size on disk until
// it is read, then at what it became (parse.ts parsedSize), which for a text
// file is about three times that and for a news export may be many articles.
import { statSync } from 'node:fs';
import { parsedSize, type ParsedFile } from './parse.ts';

/** The import's files in order (files.ts PathList). */
export interface Files {
  readonly length: number;
  at(i: number): string | undefined;
}

export interface AheadLimits {
  /** The most files asked for ahead of the one being taken. */
  files: number;
  /** The most bytes they may hold (the next file is always asked for, however large). */
  bytes: number;
}

export class ParseAhead {
  private readonly files: Files;
  private readonly parse: (path: string, size: number) => Promise<ParsedFile>;
  private readonly limits: AheadLimits;
  private readonly slots = new Map<number, { parsed: Promise<ParsedFile>; bytes: number }>();
  /** Files asked for so far (the next one to ask for). */
  private requested = 0;
  /** What the files asked for and not taken hold, as far as is known. */
  private held = 0;

  /** `parse` is told each file's size on disk, as it was asked here (0 when it could not be). */
  constructor(files: Files, parse: (path: string, size: number) => Promise<ParsedFile>, limits: AheadLimits) {
    this.files = files;
    this.parse = parse;
    this.limits = limits;
  }

  /** The bytes the files asked for and not taken hold (those not read yet at their size on disk). */
  get heldBytes(): number {
    return this.held;
  }

  /** How many files have been asked for. */
  get requestedFiles(): number {
    return this.requested;
  }

  /** Asks for the files after `from` (the next one to be taken) while the bounds allow. */
  request(from: number): void {
    const { files, limits } = this;
    while (
      this.requested < files.length &&
      this.requested < from + limits.files &&
      (this.held < limits.bytes || this.requested === from)
    ) {
      const i = this.requested++;
      const path = files.at(i)!;
      const bytes = sizeOnDisk(path);
      const slot = { parsed: this.parse(path, bytes), bytes };
      slot.parsed = slot.parsed.then((file) => {
        // Still waiting to be taken: from now on it counts as what it holds.
        if (this.slots.get(i) === slot) {
          const size = parsedSize(file);
          this.held += size - slot.bytes;
          slot.bytes = size;
        }
        return file;
      });
      this.slots.set(i, slot);
      this.held += slot.bytes;
    }
  }

  /** File i, parsed (the files after it are asked for as the bounds allow). */
  take(i: number): Promise<ParsedFile> {
    this.request(i);
    const slot = this.slots.get(i)!;
    this.slots.delete(i);
    this.held -= slot.bytes;
    return slot.parsed;
  }
}

function sizeOnDisk(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
