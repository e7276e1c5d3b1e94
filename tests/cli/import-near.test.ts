// Near-duplicates through the command line: every new document of an import is checked (once only the
// first 200 were, and nobody was told), in a worker beside the import, against the documents added before it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/main/cli.ts';
import { ImportReport } from '../../src/shared/api.ts';
import { json, quire, writeArticles } from '../helpers/cli.ts';
import { tempDir } from '../helpers/project.ts';

/** Stories, then the same stories as another outlet ran them: after them in the folder, so most lie past the 200th file. */
const STORIES = 150;

describe('near-duplicates of a large import', () => {
  it('flags every copy, however far into the import, with the story it copies, and nothing else', async () => {
    const home = tempDir();
    const dir = tempDir();
    writeArticles(dir, STORIES, 'a');
    for (let i = 0; i < STORIES; i++) {
      const text = readFileSync(join(dir, `a${String(i).padStart(4, '0')}.txt`), 'utf8');
      // Its own headline and furniture, a word changed: as a second outlet prints a wire story.
      const copy = `Wire story ${i} as printed elsewhere\n\n${text.split('\n\n').slice(1).join('\n\n').replace(/\.\n/, '!\n')}\nShare this article\nRelated stories\n`;
      writeFileSync(join(dir, `b${String(i).padStart(4, '0')}.txt`), copy);
    }
    const file = join(tempDir(), 'Wire.quire');
    expect((await quire(home, 'init', '--project', file, '--empty')).status).toBe(EXIT.ok);
    const run = await quire(home, '--project', file, '--json', 'import', dir);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: EXIT.ok, stderr: '' });
    const report = json(run, ImportReport);
    expect(report.imported).toBe(2 * STORIES);
    const idOf = new Map(report.files.map((f) => [f.path.replace(/^.*\//, ''), f.documentId]));
    for (const f of report.files) {
      const name = f.path.replace(/^.*\//, '');
      if (name.startsWith('a')) expect(f.similar, name).toBeUndefined();
      else {
        expect(
          f.similar?.map((d) => d.documentId),
          name,
        ).toEqual([idOf.get(name.replace('b', 'a'))]);
        expect(f.similar![0]!.similarity).toBeGreaterThan(0.8);
      }
    }
    // The words say it too, under each copy.
    const second = join(tempDir(), 'Words.quire');
    expect((await quire(home, 'init', '--project', second, '--empty')).status).toBe(EXIT.ok);
    const text = await quire(home, '--project', second, 'import', dir);
    expect(
      text.stdout.match(/^ {10}very like “Article a\d+” \(\d+% of its word sequences in common\)$/gm),
    ).toHaveLength(STORIES);
  }, 120_000);
});
