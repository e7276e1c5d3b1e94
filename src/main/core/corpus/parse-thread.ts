// The parse worker's thread (parse-worker.ts), and starting it ahead of the import that will use it: a worker loads
// its modules for about a tenth of a second before it reads a file (its first file's importer, metadata and index
// code), which the command line's import overlaps with opening the project and listing the files by starting it
// first (startParseWorkerFor).
import { readdirSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * The parse worker's young generation (V8's space for new objects, emptied often). Left to V8 it grows to tens of
 * MB, as each file makes its text and index rows anew; 8 MB kept an import of 20,000 articles about 30 MB lower
 * (4 MB gained little more). Only the young generation is bounded: a large file may still need a large heap.
 */
const YOUNG_GENERATION_MB = 8;

/**
 * The parse worker's old generation, the most its heap may hold. The bound is what matters, not its size: V8
 * lets a heap grow up to four times what it kept at its last collection when the bound is 2 GB or more (the
 * default here is several GB), less the smaller the bound. At 1 GB the worker's heap peaked at 37 MB
 * importing 20,000 articles, against 77 MB left to V8 (and the whole import at 240 MB, against 290). A file
 * whose reading needs more fails alone, and says so (see fail in parsers.ts WorkerParser.start).
 */
export const OLD_GENERATION_MB = 1024;

/** Imports with at least this many files are parsed in a worker thread. */
export const WORKER_THRESHOLD = 32;

/**
 * Who reads each file sent to a worker (parsers.ts help): a slot per request (its id modulo the slots' number), 0
 * until the worker (WORKER_CLAIM) or the import's own thread (HELPER_CLAIM) claims it, and whoever claims it first
 * reads it. Sent to the worker once, before its first file.
 */
export interface ClaimsMessage {
  claims: Int32Array;
}
export const WORKER_CLAIM = 1;
export const HELPER_CLAIM = 2;
/** More slots than requests a worker may hold unanswered (an import asks for 500 files ahead, and a check between batches). */
export const CLAIM_SLOTS = 4096;

// Source runs as .ts (Node's type stripping, tests); the built app as .js beside its bundle.
const workerUrl = new URL(import.meta.url.endsWith('.ts') ? './parse-worker.ts' : './parse-worker.js', import.meta.url);

/** The worker started ahead and not taken yet, with the most its heap may hold. */
let ahead: { worker: Worker; heapMb: number } | null = null;

function spawn(heapMb: number): Worker {
  const worker = new Worker(workerUrl, {
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB, maxOldGenerationSizeMb: heapMb },
  });
  // It never keeps the process alive: one started ahead and never taken ends with it.
  worker.unref();
  return worker;
}

/**
 * Starts the parse worker now when an import of `paths` will parse in one: when they are, or their folders hold, at
 * least WORKER_THRESHOLD files (those that need isolating start theirs when they come). The next parser that wants a
 * worker takes it. True when it started one (not when one started ahead is still waiting).
 */
export function startParseWorkerFor(paths: readonly string[]): boolean {
  if (ahead || !holdManyFiles(paths)) return false;
  ahead = { worker: spawn(OLD_GENERATION_MB), heapMb: OLD_GENERATION_MB };
  return true;
}

/**
 * Whether `paths` are, or their folders hold, at least WORKER_THRESHOLD files, counted only until they do (the
 * first folder of a large import is enough). A folder of a few articles is read on the import's own thread, and a
 * worker started for it was never used: its start only took a core (an import of the five sample articles used
 * 0.39 s of CPU with it, 0.32 without, at the median of eight runs each). Hidden entries are not counted, as an
 * import skips them; any other entry that is not a folder is, whatever it is (the import decides what it reads).
 */
function holdManyFiles(paths: readonly string[]): boolean {
  if (paths.length >= WORKER_THRESHOLD) return true;
  let files = 0;
  const folders: string[] = [];
  for (const path of paths) {
    if (isFolder(path)) folders.push(path);
    else files++;
  }
  while (folders.length) {
    let entries: Dirent[];
    try {
      entries = readdirSync(folders.pop()!, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      if (entry.isDirectory()) folders.push(join(entry.parentPath, entry.name));
      else if (++files >= WORKER_THRESHOLD) return true;
    }
  }
  return files >= WORKER_THRESHOLD;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A parse worker whose heap may hold at most `heapMb` MB: the one started ahead when it fits, else a new one. */
export function parseWorker(heapMb: number): Worker {
  const started = ahead;
  ahead = null;
  if (started?.heapMb === heapMb) return started.worker;
  void started?.worker.terminate();
  return spawn(heapMb);
}
