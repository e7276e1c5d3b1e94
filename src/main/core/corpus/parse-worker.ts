// A worker thread that parses files for an import (see parse.ts).
import { parentPort } from 'node:worker_threads';
import type { ParseOptions } from './importers/types.ts';
import { parseBytes, parseFile } from './parse.ts';

/** A file to parse: on disk (a path), or bytes a client sent (a name and its bytes). */
export type ParseRequest = { id: number; maxBytes: number; options?: ParseOptions } & ({ path: string } | { name: string; bytes: Uint8Array });

// Results are copied, not transferred: small file buffers share Node's pool.
parentPort?.on('message', async (request: ParseRequest) => {
  const result = 'path' in request ? await parseFile(request.path, request.maxBytes, request.options) : await parseBytes(request.name, request.bytes, request.options);
  parentPort!.postMessage({ id: request.id, result });
});
