// Where an import's files are parsed: inline for a few plain files, in a
// worker thread for many (so reading and parsing overlap with writing to
// SQLite) and always for formats read by large third-party parsers (PDF,
// Word), where each file also gets a time limit: a file that hangs its parser
// fails alone, and the worker is replaced.
import type { Worker } from 'node:worker_threads';
import { importerFor } from './importers/index.ts';
import { DEFAULT_PARSE_OPTIONS, type ParseOptions } from './importers/types.ts';
import { parseBytes, parseFile, type ParsedFile } from './parse.ts';
import type { FilterAnswer, FilterRequest, NearAnswer, NearRequest, ParseRequest } from './parse-worker.ts';
import type { ImportScope, TakenFilter } from './bucket-filter.ts';
import { statSync } from 'node:fs';
import {
  CLAIM_SLOTS,
  HELPER_CLAIM,
  OLD_GENERATION_MB,
  parseWorker,
  WORKER_THRESHOLD,
  type ClaimsMessage,
} from './parse-thread.ts';

export interface Parser {
  /** `size`: the file's size on disk when the caller knows it already (see help). */
  parse(path: string, size?: number): Promise<ParsedFile>;
  parseBytes(name: string, bytes: Uint8Array): Promise<ParsedFile>;
  /**
   * Checks documents of the project file `file` for near-duplicates of those before them, in the parse worker
   * between files (see near-check.ts); null when the worker stopped before it answered (or there is none), and the
   * caller checks them itself.
   */
  near?(
    file: string,
    ids: number[],
    buckets: (readonly number[] | null)[],
    scope: ImportScope,
  ): Promise<NearAnswer['found'] | null>;
  /**
   * The filter the worker's check of `file` made, handed over as the import ends to be kept in the project (see
   * bucket-filter.ts keepFilter); null when it made none, let it go, or stopped.
   */
  filter?(file: string): Promise<TakenFilter | null>;
  /**
   * Reads on this thread the last file asked for that the worker has not begun, when there is one this thread may
   * read (a file on disk, not one that needs isolating, nor a large one), and answers it; false when there is none. For a
   * caller that would otherwise wait for the worker (see helpWhileWaiting).
   */
  help?(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * `answer` (a file asked of `parser`), this thread reading the files waiting in the worker meanwhile, the last asked
 * for first, rather than standing idle. An import's thread waits for the worker as an import begins and whenever
 * the worker falls behind; the two threads meet in the middle of the files asked for.
 */
export async function helpWhileWaiting<T>(parser: Parser, answer: Promise<T>): Promise<T> {
  if (!parser.help) return answer;
  let answered = false;
  const done = () => {
    answered = true;
  };
  answer.then(done, done);
  // One turn for `done` to run when the answer is in already.
  await Promise.resolve();
  // Between files, a turn of the event loop, so the worker's answers come in.
  while (!answered && (await parser.help())) await new Promise(setImmediate);
  return answer;
}

/**
 * The largest file an import's thread reads for the worker (help): a text or web page of this size takes a few
 * milliseconds, so the thread is never long away from what else it is asked (in the app, the workbench's requests).
 */
const HELP_MAX_BYTES = 256 * 1024;

/** How long one file may take to parse in the worker. */
export const DEFAULT_TIME_LIMIT_MS = 60_000;

export interface ParserOptions {
  maxBytes: number;
  timeLimitMs?: number;
  /** The most the worker's heap may hold, in MB (default OLD_GENERATION_MB). */
  heapMb?: number;
  /** What importers need to know of the user's choices (OCR's languages). */
  parse?: ParseOptions;
}

/** A parser for these files (paths or names): in a worker when there are many, or any needs isolating. */
export function createParser(
  names: { length: number; some(test: (name: string) => unknown): boolean },
  options: ParserOptions,
): Parser {
  const isolate = names.length >= WORKER_THRESHOLD || names.some((name) => importerFor(name)?.isolated);
  const parse = options.parse ?? DEFAULT_PARSE_OPTIONS;
  return isolate
    ? new WorkerParser(options.maxBytes, options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS, parse, options.heapMb)
    : inlineParser(options.maxBytes, parse);
}

function inlineParser(maxBytes: number, options: ParseOptions): Parser {
  return {
    parse: (path) => parseFile(path, maxBytes, options),
    parseBytes: (name, bytes) => parseBytes(name, bytes, options),
    close: async () => {},
  };
}

type Request = { path: string; size?: number } | { name: string; bytes: Uint8Array };
interface PendingRequest {
  request: Request;
  resolve: (result: ParsedFile) => void;
  timer: ReturnType<typeof setTimeout>;
  /** Whether this thread may read it (mayHelpWith), once asked. */
  helpable?: boolean;
}

/** Whether the import's own thread may read this file for the worker: a file on disk, not large, that needs no isolating. */
function mayHelpWith(request: Request): boolean {
  if (!('path' in request)) return false;
  const importer = importerFor(request.path);
  if (!importer || importer.isolated) return false;
  try {
    return (request.size ?? statSync(request.path).size) <= HELP_MAX_BYTES;
  } catch {
    return false;
  }
}

class WorkerParser implements Parser {
  private readonly maxBytes: number;
  private readonly timeLimitMs: number;
  private readonly options: ParseOptions;
  private worker: Worker | null = null;
  /** Requests sent to the current worker and not answered yet. */
  private readonly pending = new Map<number, PendingRequest>();
  private nextId = 0;
  /** Near-duplicate checks sent to the current worker and not answered yet. */
  private readonly nearPending = new Map<number, (found: NearAnswer['found'] | null) => void>();
  private readonly filterPending = new Map<number, (taken: TakenFilter | null) => void>();

  private readonly heapMb: number;
  /** Who reads each file sent to the current worker (see parse-thread.ts ClaimsMessage). */
  private claims: Int32Array | null = null;

  constructor(maxBytes: number, timeLimitMs: number, options: ParseOptions, heapMb = OLD_GENERATION_MB) {
    this.heapMb = heapMb;
    this.maxBytes = maxBytes;
    this.timeLimitMs = timeLimitMs;
    this.options = options;
  }

  parse(path: string, size?: number): Promise<ParsedFile> {
    return this.submit(size === undefined ? { path } : { path, size });
  }

  parseBytes(name: string, bytes: Uint8Array): Promise<ParsedFile> {
    return this.submit({ name, bytes });
  }

  near(
    file: string,
    ids: number[],
    buckets: (readonly number[] | null)[],
    scope: ImportScope,
  ): Promise<NearAnswer['found'] | null> {
    return new Promise((resolve) => {
      const worker = this.worker ?? this.start();
      const near = this.nextId++;
      this.nearPending.set(near, resolve);
      worker.postMessage({ near, file, ids, buckets, scope } satisfies NearRequest);
    });
  }

  filter(file: string): Promise<TakenFilter | null> {
    // A worker started now would have checked nothing.
    const worker = this.worker;
    if (!worker) return Promise.resolve(null);
    return new Promise((resolve) => {
      const filter = this.nextId++;
      this.filterPending.set(filter, resolve);
      worker.postMessage({ filter, file } satisfies FilterRequest);
    });
  }

  async help(): Promise<boolean> {
    const claims = this.claims;
    if (!claims) return false;
    // The last file asked for that this thread may read; the worker reads them in the order sent.
    const ids = [...this.pending.keys()];
    for (let k = ids.length - 1; k >= 0; k--) {
      const id = ids[k]!;
      const entry = this.pending.get(id)!;
      entry.helpable ??= mayHelpWith(entry.request);
      if (!entry.helpable) continue;
      // The worker has begun it, so it has begun every file before it: there is nothing left to take.
      if (Atomics.compareExchange(claims, id % claims.length, 0, HELPER_CLAIM) !== 0) return false;
      clearTimeout(entry.timer);
      this.pending.delete(id);
      const { path } = entry.request as { path: string };
      entry.resolve(await parseFile(path, this.maxBytes, this.options));
      return true;
    }
    return false;
  }

  /** The checks the worker held go back to the caller unanswered (null), to be made on its own thread; its filter is gone. */
  private dropNear(): void {
    for (const resolve of this.nearPending.values()) resolve(null);
    this.nearPending.clear();
    for (const resolve of this.filterPending.values()) resolve(null);
    this.filterPending.clear();
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.dropNear();
    // Files asked for ahead and not needed any more (a cancelled import): their clocks stop with the worker.
    for (const entry of this.pending.values()) {
      clearTimeout(entry.timer);
      entry.resolve({ ok: false, message: 'Not read: the import stopped.' });
    }
    this.pending.clear();
    await worker?.terminate();
  }

  private submit(request: Request): Promise<ParsedFile> {
    return new Promise((resolve) => this.send(request, resolve));
  }

  private send(request: Request, resolve: (result: ParsedFile) => void): void {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    Atomics.store(this.claims!, id % CLAIM_SLOTS, 0);
    // The clock runs from when the file is sent; files queue in the worker, so the limit also bounds waiting behind a slow one.
    const timer = setTimeout(() => this.timedOut(id), this.timeLimitMs);
    timer.unref();
    this.pending.set(id, { request, resolve, timer });
    const common = { id, maxBytes: this.maxBytes, options: this.options };
    const message: ParseRequest =
      'path' in request ? { ...common, path: request.path } : { ...common, name: request.name, bytes: request.bytes };
    worker.postMessage(message);
  }

  /** A file took too long: it fails; the worker is replaced, and the files queued behind it are sent again. */
  private timedOut(id: number): void {
    const slow = this.pending.get(id);
    if (!slow) return;
    const seconds = Math.round(this.timeLimitMs / 1000);
    slow.resolve({
      ok: false,
      message: `Reading this file took longer than ${seconds} s, so Quire stopped: it may be damaged, or built to hang a reader.`,
    });
    this.pending.delete(id);
    this.restart();
  }

  /**
   * The worker ran out of memory: the file it was reading (the first sent of those it held; it reads them in
   * turn) fails and says why, and the files queued behind it are sent again to a new worker.
   */
  private outOfMemory(): void {
    const first = this.pending.entries().next().value;
    if (first) {
      const [id, entry] = first;
      clearTimeout(entry.timer);
      this.pending.delete(id);
      const limit = this.heapMb >= 1024 ? `${this.heapMb / 1024} GB` : `${this.heapMb} MB`;
      entry.resolve({
        ok: false,
        message: `Reading this file needed more than ${limit} of memory, so Quire stopped reading it; the other files were read as usual.`,
      });
    }
    this.restart();
  }

  private restart(): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const w of waiting) clearTimeout(w.timer);
    const old = this.worker;
    this.worker = null;
    this.dropNear();
    void old?.terminate();
    for (const w of waiting) this.send(w.request, w.resolve);
  }

  private start(): Worker {
    const worker = parseWorker(this.heapMb);
    // Claims of its own: a worker replaced may still be reading.
    this.claims = new Int32Array(new SharedArrayBuffer(4 * CLAIM_SLOTS));
    worker.postMessage({ claims: this.claims } satisfies ClaimsMessage);
    worker.on('message', (answer: { id: number; result: ParsedFile } | NearAnswer | FilterAnswer) => {
      if ('near' in answer) {
        this.nearPending.get(answer.near)?.(answer.found);
        this.nearPending.delete(answer.near);
        return;
      }
      if ('filter' in answer) {
        this.filterPending.get(answer.filter)?.(answer.taken);
        this.filterPending.delete(answer.filter);
        return;
      }
      const { id, result } = answer;
      const entry = this.pending.get(id);
      if (!entry) return;
      clearTimeout(entry.timer);
      this.pending.delete(id);
      entry.resolve(result);
    });
    // A worker that dies fails the files it held; the next file starts a new one.
    const fail = (reason: string) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.dropNear();
      for (const entry of this.pending.values()) {
        clearTimeout(entry.timer);
        entry.resolve({ ok: false, message: `Quire stopped while reading this file (${reason}).` });
      }
      this.pending.clear();
    };
    worker.on('error', (e: Error & { code?: string }) => {
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY' && this.worker === worker) this.outOfMemory();
      else fail(e.message);
    });
    worker.on('exit', (code) => fail(`the reader exited with code ${code}`));
    this.worker = worker;
    return worker;
  }
}
