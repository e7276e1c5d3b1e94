// The import report does not grow with the number of files: every outcome is counted and every document given
// (as ranges of ids), the files that need a look are listed up to a limit and the rest written to a file beside
// the project, and imported files with nothing to say are counted, not listed, once the list is full.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { importFiles } from '../../src/main/core/corpus/import.ts';
import { ImportLog } from '../../src/main/core/corpus/import-report.ts';
import { NearDuplicateCheck } from '../../src/main/core/corpus/near-check.ts';
import { openProject } from '../../src/main/core/db/open.ts';
import { documentIdsOf } from '../../src/shared/import-report.ts';
import { seedPath, tempDir } from '../helpers/project.ts';

const LISTED = 5;

describe('the import report of many files', () => {
  it('counts every file, gives every document, lists the files that need a look up to its limit and writes the rest beside the project', async () => {
    const folder = tempDir();
    const file = join(folder, 'Many.quire');
    const db = openProject(file, { create: true });
    onTestFinished(() => {
      db.close();
    });
    const dir = tempDir();
    // 40 articles of their own, then what needs a look: copies of one of them (duplicates), files Quire does not
    // read (skipped), a Word file that is not one (failed), and two near-duplicates of a long story far down the folder.
    for (let i = 0; i < 40; i++)
      writeFileSync(
        join(dir, `a${String(i).padStart(2, '0')}.txt`),
        `Article ${i}\n\nThe council met on day ${i} to discuss item ${i * 7} of the budget, and voted ${i % 3} times.\n`,
      );
    for (let i = 0; i < 3; i++) writeFileSync(join(dir, `b-copy-${i}.txt`), readFileSync(join(dir, 'a00.txt')));
    for (let i = 0; i < 4; i++) writeFileSync(join(dir, `c-other-${i}.xyz`), 'not an article');
    writeFileSync(join(dir, 'd-broken.docx'), 'this is not a Word file');
    const story = readFileSync(seedPath('002'), 'utf8');
    writeFileSync(join(dir, 'e-story.txt'), story);
    writeFileSync(join(dir, 'f-story-again.txt'), `Another outlet's headline\n\n${story}\nShare this article\n`);
    writeFileSync(join(dir, 'g-story-third.txt'), `A third headline\n\n${story.replace(/Putin/g, 'Mr Putin')}\n`);

    // As the import handler runs it: one log for the import and its check.
    const log = new ImportLog(file, LISTED);
    const near = new NearDuplicateCheck(db, log);
    const report = await near.flag(await importFiles(db, [dir], { check: near, log }));

    expect(report).toMatchObject({ imported: 43, duplicates: 3, skipped: 4, failed: 1, cancelled: false });
    // Every document, however many are listed.
    const ids = db.prepare('SELECT id FROM documents ORDER BY id').pluck().all() as number[];
    expect(ids).toHaveLength(43);
    expect(documentIdsOf(report)).toEqual(ids);
    // The list is full and holds only files that need a look; the imported files with nothing to say are counted.
    expect(report.files).toHaveLength(LISTED);
    for (const f of report.files)
      expect(f.status !== 'imported' || f.similar?.length || f.warnings.length, f.path).toBeTruthy();
    // The rest are in a file beside the project that the report names, each once.
    expect(report.more).toEqual({ count: expect.any(Number), log: expect.stringContaining(dirname(file)) });
    expect(existsSync(report.more!.log)).toBe(true);
    const logged = readFileSync(report.more!.log, 'utf8');
    const named = (name: string) =>
      report.files.filter((f) => f.path.endsWith(name)).length +
      logged.split('\n').filter((l) => l.endsWith(name)).length;
    for (const name of [
      ...[0, 1, 2].map((i) => `b-copy-${i}.txt`),
      ...[0, 1, 2, 3].map((i) => `c-other-${i}.xyz`),
      'd-broken.docx',
      'f-story-again.txt',
      'g-story-third.txt',
    ])
      expect(named(name), name).toBe(1);
    expect(report.files.length + report.more!.count).toBe(10);
    expect(report.unlisted).toBe(43 - 2);
    // The near-duplicates, found after the list was full, are logged with what they are like.
    expect(logged).toMatch(/f-story-again\.txt\n {10}very like “[^”]+” \(\d+% of its word sequences in common\)\n/);
    expect(logged).toMatch(/g-story-third\.txt\n {10}very like “/);
  });

  it('lists every file of an import no larger than its list, as it always did', async () => {
    const db = openProject(':memory:');
    onTestFinished(() => {
      db.close();
    });
    const dir = tempDir();
    for (let i = 0; i < 4; i++)
      writeFileSync(join(dir, `a${i}.txt`), `Article ${i}\n\nSome words of article number ${i} here.\n`);
    const log = new ImportLog(db.name, LISTED);
    const report = await importFiles(db, [dir], { log });
    expect(report.files.map((f) => [f.path.replace(/^.*\//, ''), f.status])).toEqual(
      [0, 1, 2, 3].map((i) => [`a${i}.txt`, 'imported']),
    );
    expect(report.unlisted).toBeUndefined();
    expect(report.more).toBeUndefined();
    expect(log.path).toBeNull();
  });
});
