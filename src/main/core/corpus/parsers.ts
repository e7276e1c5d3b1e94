// Where an import's files are parsed: inline for a few files, in a worker
// thread for many, so reading and parsing overlap with writing to SQLite.
import { Worker } from 'node:worker_threads';
import { parseFile, type ParsedFile } from './parse.ts';
import type { ParseRequest } from './parse-worker.ts';

export interface Parser {
  parse(path: string): Promise<ParsedFile>;
  close(): Promise<void>;
}

/** Imports with at least this many files are parsed in a worker thread. */
export const WORKER_THRESHOLD = 32;

export function createParser(fileCount: number, maxBytes: number): Parser {
  return fileCount >= WORKER_THRESHOLD ? new WorkerParser(maxBytes) : inlineParser(maxBytes);
}

function inlineParser(maxBytes: number): Parser {
  return { parse: async (path) => parseFile(path, maxBytes), close: async () => {} };
}

// Source runs as .ts (Node's type stripping, tests); the built app as .js beside its bundle.
const workerUrl = new URL(import.meta.url.endsWith('.ts') ? './parse-worker.ts' : './parse-worker.js', import.meta.url);

class WorkerParser implements Parser {
  private readonly maxBytes: number;
  private worker: Worker | null = null;
  private readonly pending = new Map<number, (result: ParsedFile) => void>();
  private nextId = 0;

  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
  }

  parse(path: string): Promise<ParsedFile> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      worker.postMessage({ id, path, maxBytes: this.maxBytes } satisfies ParseRequest);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private start(): Worker {
    const worker = new Worker(workerUrl);
    worker.unref();
    worker.on('message', ({ id, result }: { id: number; result: ParsedFile }) => {
      this.pending.get(id)?.(result);
      this.pending.delete(id);
    });
    // A worker that dies fails the files it held; the next file starts a new one.
    const fail = (reason: string) => {
      if (this.worker === worker) this.worker = null;
      for (const resolve of this.pending.values()) resolve({ ok: false, message: `Quire stopped while reading this file (${reason}).` });
      this.pending.clear();
    };
    worker.on('error', (e) => fail(e.message));
    worker.on('exit', (code) => fail(`the reader exited with code ${code}`));
    this.worker = worker;
    return worker;
  }
}
