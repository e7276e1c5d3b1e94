// Two programs writing one project at once (two `quire import`s, the workbench beside the CLI): each first
// write of theirs names the coder, adding them to the project when they are new. Both may find the coder
// missing at the same moment; the second must then take the first one's row, not stop on its name.
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openProject } from '../../src/main/core/db/open.ts';
import { tempDir } from '../helpers/project.ts';

const ROUNDS = 40;

describe('two writers adding the same coder at once', () => {
  it('both get the one coder, every time', async () => {
    const file = join(tempDir(), 'Race.quire');
    openProject(file, { create: true }).close();
    const gate = new SharedArrayBuffer(4);
    const turns = new Int32Array(gate);
    const workers = [0, 1].map(
      () => new Worker(new URL('../helpers/coder-race-worker.ts', import.meta.url), { workerData: { file, gate } }),
    );
    try {
      for (let round = 1; round <= ROUNDS; round++) {
        const name = `Coder ${round}`;
        const answers = workers.map(
          (w) => new Promise<{ id?: number; error?: string }>((resolve) => w.once('message', resolve)),
        );
        for (const w of workers) w.postMessage({ round, name });
        // Give both threads time to reach the gate, then release them together.
        await new Promise((resolve) => setTimeout(resolve, 20));
        Atomics.store(turns, 0, round);
        Atomics.notify(turns, 0);
        const [a, b] = await Promise.all(answers);
        expect({ round, a, b }).toEqual({ round, a: { id: expect.any(Number) }, b: { id: a!.id } });
      }
    } finally {
      await Promise.all(workers.map((w) => w.terminate()));
    }
    const db = openProject(file);
    expect(db.prepare("SELECT count(*) FROM coders WHERE name LIKE 'Coder %'").pluck().get()).toBe(ROUNDS);
    db.close();
  }, 60_000);
});
