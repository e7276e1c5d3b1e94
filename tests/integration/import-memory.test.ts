// What an import holds is bounded in bytes: a batch ends once its files, parsed, reach batchBytes (import.ts),
// and the parse worker's heap is bounded (parse-thread.ts OLD_GENERATION_MB), so that V8 keeps it small; a file whose
// reading needs more fails alone and says why, and the files sent after it are read as usual by a new worker.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../src/main/core/corpus/import.ts';
import { createParser } from '../../src/main/core/corpus/parsers.ts';
import { WORKER_THRESHOLD } from '../../src/main/core/corpus/parse-thread.ts';
import { createTestProject, tempDir } from '../helpers/project.ts';

describe('the parse worker’s memory', () => {
  it('fails a file that needs more than its heap may hold, alone and in words', async () => {
    const dir = tempDir();
    const large = join(dir, 'large.txt');
    // 40 MB of text: its string, the normalised copy and its index text cannot fit in 64 MB.
    writeFileSync(large, 'Many words in a very long text.\n'.repeat(1_250_000));
    const small = Array.from({ length: 3 }, (_, i) => {
      const path = join(dir, `small${i}.txt`);
      writeFileSync(path, `Small article ${i}\n\nIt is read after the large one.`);
      return path;
    });
    const names = [large, ...small, ...Array.from({ length: WORKER_THRESHOLD }, () => 'more.txt')];
    const parser = createParser(names, { maxBytes: 50 * 1024 * 1024, heapMb: 64 });
    try {
      const results = await Promise.all([large, ...small].map((path) => parser.parse(path)));
      expect(results[0]).toEqual({
        ok: false,
        message:
          'Reading this file needed more than 64 MB of memory, so Quire stopped reading it; the other files were read as usual.',
      });
      for (const [i, result] of results.slice(1).entries())
        expect(result).toMatchObject({ ok: true, text: expect.stringContaining(`Small article ${i}`) });
    } finally {
      await parser.close();
    }
  });
});

describe('an import’s batches', () => {
  it('end once the files they hold, parsed, reach the bound in bytes', async () => {
    const { db } = await createTestProject({ seeds: false });
    const dir = tempDir();
    // About 20 KB of text each, about 60 KB parsed (text, index text, word map): two fit under 100 KB.
    for (let i = 0; i < 6; i++)
      writeFileSync(join(dir, `a${i}.txt`), `Article ${i}\n\n${'Some words here. '.repeat(1200)}${i}`);
    const batches: number[] = [];
    const report = await importFiles(db, [dir], {
      batchBytes: 100_000,
      check: { add: (ids) => void batches.push(ids.length), settle: async () => undefined },
    });
    expect(report.imported).toBe(6);
    // (a batch may also end sooner, after 250 ms)
    expect(batches.reduce((a, b) => a + b)).toBe(6);
    expect(Math.max(...batches)).toBe(2);
  });
});
