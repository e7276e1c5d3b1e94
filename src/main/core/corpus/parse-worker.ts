// A worker thread that parses files for an import (see parse.ts), and checks
// the documents an import has written for near-duplicates (see near-check.ts)
// on a read-only connection of its own, between files: the parse worker has
// time to spare while the import writes, and a thread of its own for the check
// cost tens of MB of memory more.
import type Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import { parentPort } from 'node:worker_threads';
import { BUSY_TIMEOUT_MS } from '../environment.ts';
import type { ParseOptions } from './importers/types.ts';
import { ImportCheck, type ImportScope, type TakenFilter } from './bucket-filter.ts';
import type { nearDuplicatesOf } from './near-index.ts';
import { parseBytes, parseFile } from './parse.ts';
import { WORKER_CLAIM, type ClaimsMessage } from './parse-thread.ts';

/** A file to parse: on disk (a path), or bytes a client sent (a name and its bytes). */
export type ParseRequest = { id: number; maxBytes: number; options?: ParseOptions } & (
  { path: string } | { name: string; bytes: Uint8Array }
);

/** Documents of a project file to check for near-duplicates of those before them; each one's buckets, when the import gave them. */
export interface NearRequest {
  near: number;
  file: string;
  ids: number[];
  buckets: (readonly number[] | null)[];
  scope: ImportScope;
}
/** The documents of a NearRequest that have near-duplicates, with them. */
export interface NearAnswer {
  near: number;
  found: [id: number, similar: ReturnType<typeof nearDuplicatesOf>][];
}

/** The filter of an import's check of a project file, asked for as the import ends, to be kept in the project. */
export interface FilterRequest {
  filter: number;
  file: string;
}
/** Its answer: the filter (its buffers handed over, not copied), or null when the check made none or let it go. */
export interface FilterAnswer {
  filter: number;
  taken: TakenFilter | null;
}

// parse.ts answers every failure to read a file with a result; anything else ends the worker, and parsers.ts fails
// the files it held in words (the worker's 'error' event), so nothing is lost silently; the documents it held to
// check are then checked on the import's own thread.
// Files are read one at a time, in the order sent (a reader that waits, as PDF's does, does not let the next file
// start): what the worker holds is one file's, and when it runs out of memory, the file it was reading is the
// first of those it was sent and not answered (parsers.ts).
let reading: Promise<void> = Promise.resolve();
let claims: Int32Array | null = null;
parentPort?.on('message', (request: ParseRequest | NearRequest | FilterRequest | ClaimsMessage) => {
  if ('claims' in request) claims = request.claims;
  else if ('near' in request) checkNear(request);
  else if ('filter' in request) takeFilter(request);
  else reading = reading.then(() => answer(request));
});

// Results are copied, not transferred: small file buffers share Node's pool.
async function answer(request: ParseRequest): Promise<void> {
  // Read already, or being read, by the import's own thread while it waited: it has its answer.
  if (claims && Atomics.compareExchange(claims, request.id % claims.length, 0, WORKER_CLAIM) !== 0) return;
  const result =
    'path' in request
      ? await parseFile(request.path, request.maxBytes, request.options)
      : await parseBytes(request.name, request.bytes, request.options);
  parentPort!.postMessage({ id: request.id, result });
}

let project: { file: string; db: Database.Database; check: ImportCheck } | null = null;
// Loaded with the first check: the files an import reads first do not wait for it.
const requireHere = createRequire(import.meta.url);

function checkNear({ near, file, ids, buckets, scope }: NearRequest): void {
  if (project?.file !== file) {
    project?.db.close();
    const Sqlite = requireHere('better-sqlite3') as typeof Database;
    const db = new Sqlite(file, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    // It reads a few texts per document, rarely the same twice: a small page cache does (SQLite's default here is 16 MB).
    db.pragma('cache_size = -2048');
    project = { file, db, check: new ImportCheck(db) };
  }
  const found = project.check.check(ids, buckets, scope);
  parentPort!.postMessage({ near, found } satisfies NearAnswer);
}

function takeFilter({ filter, file }: FilterRequest): void {
  const taken = project?.file === file ? project.check.take() : null;
  parentPort!.postMessage(
    { filter, taken } satisfies FilterAnswer,
    taken ? [taken.words.buffer as ArrayBuffer, taken.changed.buffer as ArrayBuffer] : [],
  );
}
