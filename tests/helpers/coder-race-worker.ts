// A second program's thread for tests/integration/import-two-writers.test.ts: it opens the project on its own
// connection and, at the moment both are released together, adds each coder the test names.
import { parentPort, workerData } from 'node:worker_threads';
import { coderId } from '../../src/main/core/coding/coders.ts';
import { openProject } from '../../src/main/core/db/open.ts';

const { file, gate } = workerData as { file: string; gate: SharedArrayBuffer };
const db = openProject(file);
const turns = new Int32Array(gate);
parentPort!.on('message', ({ round, name }: { round: number; name: string }) => {
  // Both threads wait here until the test lets round `round` start, then race to add the same coder.
  Atomics.wait(turns, 0, round - 1);
  try {
    parentPort!.postMessage({ id: coderId(db, name) });
  } catch (e) {
    parentPort!.postMessage({ error: (e as Error).message });
  }
});
