// A worker thread that parses files for an import (see parse.ts).
import { parentPort } from 'node:worker_threads';
import { parseFile } from './parse.ts';

export interface ParseRequest {
  id: number;
  path: string;
  maxBytes: number;
}

// Results are copied, not transferred: small file buffers share Node's pool.
parentPort?.on('message', ({ id, path, maxBytes }: ParseRequest) => {
  parentPort!.postMessage({ id, result: parseFile(path, maxBytes) });
});
