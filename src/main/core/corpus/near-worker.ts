// A worker thread that looks for near-duplicates of an import's new documents
// (see near-check.ts), on a read-only connection of its own to the project, so
// the thread that writes the import and answers the workbench never waits on it.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { BUSY_TIMEOUT_MS } from '../environment.ts';
import { nearDuplicatesOf } from './near-index.ts';

/** The documents of one batch to check; the answer names those that have near-duplicates. */
export interface NearRequest {
  chunk: number;
  ids: number[];
  /** Each document's buckets, when the import gave them. */
  buckets: (readonly number[] | null)[];
}
export interface NearAnswer {
  chunk: number;
  found: [id: number, similar: ReturnType<typeof nearDuplicatesOf>][];
}

const db = new Database((workerData as { file: string }).file, {
  readonly: true,
  fileMustExist: true,
  timeout: BUSY_TIMEOUT_MS,
});

// A failure ends the worker; near-check.ts then checks the documents it held on its own thread.
parentPort?.on('message', ({ chunk, ids, buckets }: NearRequest) => {
  const found: NearAnswer['found'] = [];
  for (const [i, id] of ids.entries()) {
    const similar = nearDuplicatesOf(db, id, { earlierOnly: true, buckets: buckets[i] ?? undefined });
    if (similar.length) found.push([id, similar]);
  }
  parentPort!.postMessage({ chunk, found } satisfies NearAnswer);
});
