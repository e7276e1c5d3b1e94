// A worker thread that parses files for an import (see parse.ts).
import { parentPort } from 'node:worker_threads';
import type { ParseOptions } from './importers/types.ts';
import { parseBytes, parseFile } from './parse.ts';

/** A file to parse: on disk (a path), or bytes a client sent (a name and its bytes). */
export type ParseRequest = { id: number; maxBytes: number; options?: ParseOptions } & (
  { path: string } | { name: string; bytes: Uint8Array }
);

// parse.ts answers every failure to read a file with a result; anything else ends the worker, and parsers.ts fails
// the files it held in words (the worker's 'error' event), so nothing is lost silently.
parentPort?.on('message', (request: ParseRequest) => void answer(request));

// Results are copied, not transferred: small file buffers share Node's pool.
async function answer(request: ParseRequest): Promise<void> {
  const result =
    'path' in request
      ? await parseFile(request.path, request.maxBytes, request.options)
      : await parseBytes(request.name, request.bytes, request.options);
  parentPort!.postMessage({ id: request.id, result });
}
