import { spawnSync } from 'node:child_process';
import { renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../src/main/core/corpus/import.ts';
import { checkpointsDuring } from '../../src/main/core/db/checkpoints.ts';
import { openProject, type Db } from '../../src/main/core/db/open.ts';
import { ROOT, tempDir } from '../helpers/project.ts';

const PAGE = 4096;
/** Pages the write-ahead log file holds room for (it grows while the log does not start over; it never shrinks here). */
const logPages = (file: string) => Math.floor(statSync(`${file}-wal`).size / (PAGE + 24));
const autocheckpoint = (db: Db) => db.pragma('wal_autocheckpoint', { simple: true }) as number;

/** A project with a table to fill, and batches of about `pages` pages each written as an import writes them. */
function project() {
  const file = join(tempDir(), 'p.quire');
  const db = openProject(file, { create: true });
  db.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, bytes BLOB NOT NULL)');
  const insert = db.prepare('INSERT INTO filler (bytes) VALUES (randomblob(3000))');
  const batch = db.transaction((pages: number) => {
    for (let i = 0; i < pages; i++) insert.run();
  });
  return { file, db, batch };
}

/**
 * Writes batches of 20 pages through an import's checkpoints (a round every `pages` pages), with a turn of the
 * event loop between them, as an import gives: first until the project file has grown (the thread is up and has
 * copied once, however slowly this machine starts it), then `batches` more.
 */
async function writeBatches(db: Db, batch: (pages: number) => void, pages: number, batches: number, file: string) {
  const checkpoints = checkpointsDuring(db, pages);
  const during: number[] = [];
  const write = async () => {
    await checkpoints.beforeWrite();
    batch(20);
    checkpoints.committed();
    during.push(autocheckpoint(db));
    await new Promise((resolve) => setTimeout(resolve, 2));
  };
  const size = () => statSync(file).size;
  const before = size();
  const until = Date.now() + 30_000;
  while (size() === before && Date.now() < until) await write();
  const copiedFirst = size() > before;
  const logBefore = logPages(file);
  const sizeBefore = size();
  for (let i = 0; i < batches; i++) await write();
  const log = { before: logBefore, after: logPages(file) };
  const copied = size() - sizeBefore;
  await checkpoints.close();
  return { during, copiedFirst, log, copied };
}

describe("an import's checkpoints, on a thread of their own", () => {
  it('copy the log into the project while the batches are written, and the log starts over, however many batches come', async () => {
    const { file, db, batch } = project();
    const { during, copiedFirst, log, copied } = await writeBatches(db, batch, 100, 150, file);
    expect(copiedFirst).toBe(true);
    // 3,000 pages were written after that; the log grew by less than a few rounds of 100, as it started over.
    expect(log.after - log.before).toBeLessThan(500);
    // And they reached the project while the batches were written, not by a copy at the end.
    expect(copied).toBeGreaterThan(2000 * PAGE);
    // SQLite did not copy the log itself meanwhile; its setting is back as it was after.
    expect(new Set(during)).toEqual(new Set([0]));
    expect(autocheckpoint(db)).toBe(1000);
    expect(db.prepare('SELECT count(*) FROM filler').pluck().get()).toBe(20 * during.length);
    db.close();
  });

  it('copy what the log holds while the import writes its last batch, not in the first commit after it ends', async () => {
    const { file, db, batch } = project();
    // No round comes by itself: the import is shorter than a round.
    const checkpoints = checkpointsDuring(db, 1_000_000);
    for (let i = 0; i < 5; i++) {
      await checkpoints.beforeWrite();
      batch(200);
      checkpoints.committed();
    }
    const before = statSync(file).size;
    await checkpoints.beforeWrite();
    checkpoints.ending();
    batch(20);
    checkpoints.committed();
    await checkpoints.close();
    // The thread copied the five batches into the project before the import's end: no commit has come since.
    expect(statSync(file).size - before).toBeGreaterThan(1000 * PAGE);
    expect(autocheckpoint(db)).toBe(1000);
    expect(db.prepare('SELECT count(*) FROM filler').pluck().get()).toBe(1020);
    db.close();
  });

  it('copy each of the last two batches once it is committed, while the import goes on to its end', async () => {
    const { file, db, batch } = project();
    // No round comes by itself: the import is shorter than a round.
    const checkpoints = checkpointsDuring(db, 1_000_000);
    const during: number[] = [];
    const copied = async () => {
      const pages = db.pragma('page_count', { simple: true }) as number;
      const until = Date.now() + 20_000;
      while (statSync(file).size < pages * PAGE && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
      return statSync(file).size === pages * PAGE;
    };
    const write = async (ending: boolean) => {
      await checkpoints.beforeWrite();
      if (ending) checkpoints.ending();
      batch(200);
      checkpoints.committed();
      during.push(autocheckpoint(db));
    };
    for (let i = 0; i < 5; i++) await write(i === 4);
    // The batches before the last are copied (while the last is read)…
    expect(await copied()).toBe(true);
    await write(true);
    // …and the last too, with no commit after it (an import's end goes on meanwhile: its vocabulary, a filter),
    // and not by SQLite's own checkpoints, still set aside.
    expect(await copied()).toBe(true);
    expect(new Set(during)).toEqual(new Set([0]));
    await checkpoints.close();
    expect(autocheckpoint(db)).toBe(1000);
    expect(db.prepare('SELECT count(*) FROM filler').pluck().get()).toBe(1200);
    db.close();
  });

  it('start no thread for an import of one batch: SQLite copies it, as it always did', async () => {
    const { file, db, batch } = project();
    const checkpoints = checkpointsDuring(db, 1_000_000);
    const before = statSync(file).size;
    await checkpoints.beforeWrite();
    batch(200);
    checkpoints.committed();
    await checkpoints.close();
    // Nothing was copied: the batch waits in the log for SQLite's next checkpoint, here as the project closes.
    expect(statSync(file).size).toBe(before);
    expect(autocheckpoint(db)).toBe(1000);
    db.close();
    expect(statSync(file).size).toBeGreaterThan(before + 200 * PAGE);
  });

  it('start no thread for an import of files that fit in one batch: the project file is not written until SQLite copies the log', async () => {
    const file = join(tempDir(), 'p.quire');
    const db = openProject(file, { create: true });
    db.pragma('wal_checkpoint(TRUNCATE)');
    const dir = tempDir();
    for (let i = 0; i < 3; i++)
      writeFileSync(join(dir, `${i}.txt`), `Story ${i}\n\n${'A sentence of its own words. '.repeat(40 + i)}`);
    const before = statSync(file).size;
    const report = await importFiles(db, [dir]);
    expect(report.imported).toBe(3);
    // A thread would copy the batch into the project file once it had started (well within this wait).
    for (let waited = 0; waited < 1500; waited += 50) {
      expect(statSync(file).size).toBe(before);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    db.close();
    expect(statSync(file).size).toBeGreaterThan(before);
  });

  it('leave the copying to SQLite, every `pages` pages, when the thread cannot open the project; nothing written is lost', async () => {
    const { file, db, batch } = project();
    batch(1);
    // The project is open here but can no longer be found by its name: the thread cannot open it.
    const moved = join(tempDir(), 'moved.quire');
    renameSync(file, moved);
    const checkpoints = checkpointsDuring(db, 100);
    const during: number[] = [];
    // 40 batches, and more until the thread has failed to open the project (its start takes longer on a busy machine).
    for (let i = 0; i < 40 || (during.at(-1) !== 100 && i < 2000); i++) {
      await checkpoints.beforeWrite();
      batch(20);
      checkpoints.committed();
      during.push(autocheckpoint(db));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await checkpoints.close();
    expect(during[0]).toBe(0);
    expect(during.at(-1)).toBe(100);
    expect(autocheckpoint(db)).toBe(1000);
    expect(db.prepare('SELECT count(*) FROM filler').pluck().get()).toBe(1 + 20 * during.length);
    db.close();
  });

  it('keep a process going until the import is done with them, as a command-line import waits for its last copy', () => {
    const dir = tempDir();
    const script = join(dir, 'import.ts');
    // A process with nothing else to wait for: it ends when its work is done, not while the last round is copied.
    writeFileSync(
      script,
      `import { checkpointsDuring } from ${JSON.stringify(join(ROOT, 'src/main/core/db/checkpoints.ts'))};
import { openProject } from ${JSON.stringify(join(ROOT, 'src/main/core/db/open.ts'))};
const db = openProject(${JSON.stringify(join(dir, 'p.quire'))}, { create: true });
db.exec('CREATE TABLE filler (bytes BLOB NOT NULL)');
const checkpoints = checkpointsDuring(db, 10);
for (let i = 0; i < 12; i++) {
  await checkpoints.beforeWrite();
  db.prepare('INSERT INTO filler VALUES (randomblob(100000))').run();
  checkpoints.committed();
}
await checkpoints.close();
db.close();
console.log('done');
`,
    );
    const run = spawnSync(process.execPath, ['--no-warnings', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('done');
    expect(run.status).toBe(0);
  });

  it('are none for a project in memory', async () => {
    const db = openProject(':memory:');
    const checkpoints = checkpointsDuring(db);
    await checkpoints.beforeWrite();
    checkpoints.committed();
    await checkpoints.close();
    expect(autocheckpoint(db)).toBe(1000);
    db.close();
  });
});
