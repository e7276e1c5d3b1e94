// Imports as commands: undo takes a whole import back (documents, original
// bytes and the search index), redo brings the same documents back, and the
// log holds only ranges of ids, never the text.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { coderId } from '../../src/main/core/coding/coders.ts';
import { logAdopted, runCommand } from '../../src/main/core/commands/log.ts';
import { importFiles } from '../../src/main/core/corpus/import.ts';
import { checkProject, repairProject } from '../../src/main/core/db/check.ts';
import { openProject } from '../../src/main/core/db/open.ts';
import { call } from '../../src/main/core/engine.ts';
import { openOrCreateProject, type ProjectHandle } from '../../src/main/core/project.ts';
import { createTestProject, SEEDS_DIR, tempDir, recordState } from '../helpers/project.ts';

/** Undo gives back `before` and redo `after`, with a sound project each time. */
async function undoRedo(p: ProjectHandle, before: Record<string, unknown[]>, after: Record<string, unknown[]>) {
  await call(p, 'undo', {});
  expect(recordState(p)).toEqual(before);
  expect(checkProject(p.db).ok).toBe(true);
  await call(p, 'redo', {});
  expect(recordState(p)).toEqual(after);
  expect(checkProject(p.db).ok).toBe(true);
}
const count = (p: ProjectHandle, sql: string) => p.db.prepare(sql).pluck().get() as number;
const hits = async (p: ProjectHandle, query: string) => (await call(p, 'search', { query })).total;

/** Articles with a word of their own each (zyzzyva0, zyzzyva1, …); one is UTF-16 and one HTML, so their original bytes are kept. */
function articles(n: number, dir = tempDir()): string {
  for (let i = 0; i < n; i++) {
    const text = `Article ${i}\n\nMinsk, Belarus — the talks on zyzzyva${i} resumed on Monday, officials said. `.repeat(
      20,
    );
    if (i === 0)
      writeFileSync(join(dir, `a${i}.txt`), Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]));
    else if (i === 1)
      writeFileSync(
        join(dir, `a${i}.html`),
        `<html><head><title>Article ${i}</title></head><body><p>${text}</p></body></html>`,
      );
    else writeFileSync(join(dir, `a${i}.txt`), text);
  }
  return dir;
}

async function seeded(): Promise<ProjectHandle> {
  const p = await createTestProject();
  p.coder = 'ana';
  coderId(p.db, 'ana'); // coders are never undone away: in the project from the start
  return p;
}

describe('undoing an import', () => {
  it('removes its documents, their originals and their index entries; redo brings the very same documents back', async () => {
    const p = await seeded();
    const dir = articles(4);
    const before = recordState(p);
    const report = await call(p, 'importFiles', { paths: [dir] });
    expect(report.imported).toBe(4);
    const after = recordState(p);
    expect(after.document_originals!.length - before.document_originals!.length).toBe(2);
    expect(await hits(p, 'zyzzyva2')).toBe(1);
    // The log holds ranges of ids, not the text.
    const logged = p.db.prepare('SELECT changes FROM command_log ORDER BY id DESC LIMIT 1').pluck().get() as string;
    expect(logged).not.toMatch(/zyzzyva|Minsk/);
    expect(logged.length).toBeLessThan(200);

    expect((await call(p, 'undo', {})).undone).toMatchObject({
      command: 'importFiles',
      description: 'Import 4 documents',
      coder: 'ana',
      undone: true,
    });
    expect(recordState(p)).toEqual(before);
    expect(await hits(p, 'zyzzyva2')).toBe(0);
    expect(await hits(p, 'Lukashenko')).toBeGreaterThan(0);
    expect(checkProject(p.db)).toMatchObject({ ok: true, documents: 5 });

    expect((await call(p, 'redo', {})).redone).toMatchObject({ command: 'importFiles', undone: false });
    expect(recordState(p)).toEqual(after);
    for (let i = 0; i < 4; i++) expect(await hits(p, `zyzzyva${i}`)).toBe(1);
    expect(count(p, 'SELECT count(*) FROM command_trash')).toBe(0);
    expect(checkProject(p.db)).toMatchObject({ ok: true, documents: 9 });
  });

  it('is one history entry however many batches the import wrote', async () => {
    const p = await seeded();
    const logged = (await call(p, 'history', {})).length;
    const before = recordState(p);
    const report = await importFiles(p.db, [articles(7)], { batchSize: 2, coderId: coderId(p.db, 'ana') });
    expect(report.imported).toBe(7);
    const history = await call(p, 'history', {});
    expect(history.length).toBe(logged + 1);
    expect(history[0]).toMatchObject({
      command: 'importFiles',
      description: 'Import 7 documents',
      coder: 'ana',
      undone: false,
    });
    // Four batches, joined into one range of documents and one of originals.
    const changes = p.db.prepare('SELECT changes FROM command_log WHERE id = ?').pluck().get(history[0]!.id) as string;
    expect(JSON.parse(changes)).toEqual([
      { adopted: 'documents', from: 6, to: 12 },
      { adopted: 'document_originals', from: expect.any(Number), to: expect.any(Number) },
    ]);
    await undoRedo(p, before, recordState(p));
  });

  it('names a single imported document', async () => {
    const p = await seeded();
    const dir = tempDir();
    writeFileSync(join(dir, 'grodno.md'), '# Grodno forum notes\n\nPutin and Lukashenko met in Grodno.\n');
    await call(p, 'importFiles', { paths: [dir] });
    expect((await call(p, 'history', { limit: 1 }))[0]!.description).toBe('Import “Grodno forum notes”');
  });

  it('starts a new entry when another command came between two batches, or the entry was undone', async () => {
    const p = await seeded();
    const first = logAdopted(
      p.db,
      null,
      null,
      'importFiles',
      [{ adopted: 'documents', from: 1, to: 2 }],
      () => 'first',
    );
    const same = logAdopted(
      p.db,
      first,
      null,
      'importFiles',
      [{ adopted: 'documents', from: 3, to: 3 }],
      () => 'extended',
    );
    expect(same!.id).toBe(first!.id);
    expect(JSON.parse(same!.changes)).toEqual([{ adopted: 'documents', from: 1, to: 3 }]);
    runCommand(p.db, null, 'createCode', 'between', (c) =>
      c.insert('codes', { guid: 'g', name: 'x', colour: '#000000', created_at: 'now' }),
    );
    const next = logAdopted(
      p.db,
      same,
      null,
      'importFiles',
      [{ adopted: 'documents', from: 4, to: 5 }],
      () => 'second',
    );
    expect(next!.id).not.toBe(first!.id);
    expect((await call(p, 'history', {})).slice(0, 3).map((h) => h.description)).toEqual([
      'second',
      'between',
      'extended',
    ]);
    // Undone (its rows in the trash), the entry is not extended: the next batch is a new command, which clears it.
    await call(p, 'undo', {});
    const after = logAdopted(
      p.db,
      next,
      null,
      'importFiles',
      [{ adopted: 'documents', from: 6, to: 6 }],
      () => 'third',
    );
    expect(after!.id).toBe(next!.id); // the id is free again, but this is another entry
    expect(JSON.parse(after!.changes)).toEqual([{ adopted: 'documents', from: 6, to: 6 }]);
    expect((await call(p, 'history', {})).slice(0, 2).map((h) => [h.description, h.undone])).toEqual([
      ['third', false],
      ['between', false],
    ]);
  });

  it('works across reopening the project', async () => {
    const file = join(tempDir(), 'p.quire');
    const open = (): ProjectHandle => ({ db: openProject(file, { create: true }), path: file, coder: 'ana' });
    const first = open();
    await call(first, 'importFiles', { paths: [SEEDS_DIR] });
    const before = recordState(first);
    await call(first, 'importFiles', { paths: [articles(3)] });
    const after = recordState(first);
    first.db.close();

    const second = open();
    expect((await call(second, 'undo', {})).undone?.description).toBe('Import 3 documents');
    second.db.close();
    const third = open();
    expect(recordState(third)).toEqual(before);
    expect(checkProject(third.db).ok).toBe(true);
    expect((await call(third, 'redo', {})).redone?.description).toBe('Import 3 documents');
    third.db.close();
    const fourth = open();
    expect(recordState(fourth)).toEqual(after);
    expect(await hits(fourth, 'zyzzyva1')).toBe(1);
    expect(checkProject(fourth.db).ok).toBe(true);
    fourth.db.close();
  });

  it('clears its trash when a new command follows the undo; the files can then be imported afresh', async () => {
    const p = await seeded();
    const dir = articles(3);
    await call(p, 'importFiles', { paths: [dir] });
    await call(p, 'undo', {});
    expect(count(p, 'SELECT count(*) FROM command_trash')).toBe(5); // 3 documents, 2 originals
    await call(p, 'createCode', { name: 'Talks' });
    expect(count(p, 'SELECT count(*) FROM command_trash')).toBe(0);
    expect(await call(p, 'redo', {})).toEqual({ redone: null });
    expect((await call(p, 'importFiles', { paths: [dir] })).imported).toBe(3);
    expect(checkProject(p.db).ok).toBe(true);
  });

  it('takes back uploads too', async () => {
    const p = await seeded();
    const before = recordState(p);
    const base64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
    const report = await call(p, 'importUploads', {
      files: [
        { name: 'minsk.txt', base64: base64('Minsk talks on zyzzyva resumed on Monday.\n') },
        {
          name: 'legacy.txt',
          base64: base64(iconv.encode('The café in Zürich served crème brûlée; zyzzyvb.\n', 'windows-1252')),
        },
        { name: 'photo.jpg', base64: base64('jpeg?') },
      ],
    });
    expect(report).toMatchObject({ imported: 2, failed: 1 });
    const after = recordState(p);
    expect((await call(p, 'undo', {})).undone).toMatchObject({
      command: 'importUploads',
      description: 'Import 2 documents',
      coder: 'ana',
    });
    expect(recordState(p)).toEqual(before);
    expect(await hits(p, 'zyzzyvb')).toBe(0);
    await call(p, 'redo', {});
    expect(recordState(p)).toEqual(after);
    expect(await hits(p, 'zyzzyvb')).toBe(1);
    expect(checkProject(p.db).ok).toBe(true);
  });

  it('logs nothing when an import writes nothing', async () => {
    const p = await seeded();
    const logged = (await call(p, 'history', {})).length;
    expect((await call(p, 'importFiles', { paths: [SEEDS_DIR] })).duplicates).toBe(5);
    expect((await call(p, 'importUploads', { files: [{ name: 'x.jpg', base64: '' }] })).failed).toBe(1);
    expect((await call(p, 'history', {})).length).toBe(logged);
  });

  it('refuses in plain words when something outside the log still uses its documents', async () => {
    const p = await seeded();
    const report = await call(p, 'importFiles', { paths: [articles(2)] });
    // A coding written behind the log's back refers to an imported document.
    const id = report.files.find((f) => f.status === 'imported')!.documentId!;
    const code = Number(
      p.db.prepare(`INSERT INTO codes (guid, name, colour, created_at) VALUES ('g', 'Talks', '#000000', 'now')`).run()
        .lastInsertRowid,
    );
    p.db
      .prepare(
        `INSERT INTO codings (guid, document_id, code_id, coder_id, start, "end", quote, prefix, suffix, created_at) VALUES ('k', ?, ?, ?, 0, 5, 'Minsk', '', '', 'now')`,
      )
      .run(id, code, coderId(p.db, 'ana'));
    const before = recordState(p);
    await expect(call(p, 'undo', {})).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(
        /^Cannot undo “Import 2 documents”: other things in the project \(such as codings\) still refer to what it added/,
      ),
    });
    expect(recordState(p)).toEqual(before);
    expect(count(p, 'SELECT count(*) FROM command_trash')).toBe(0);
    expect((await call(p, 'history', { limit: 1 }))[0]!.undone).toBe(false);

    // Redo meets a document written behind the log's back in the place of one it would bring back.
    p.db.exec('DELETE FROM codings; DELETE FROM codes');
    await call(p, 'undo', {});
    p.db
      .prepare(
        `INSERT INTO documents (id, guid, body, format, encoding, content_hash, original_hash, original_size, char_count, imported_at)
                VALUES (?, 'g', 'x', 'txt', 'utf-8', 'h', 'h', 1, 1, 'now')`,
      )
      .run(id);
    const undone = recordState(p);
    await expect(call(p, 'redo', {})).rejects.toMatchObject({
      code: 'invalid_input',
      message:
        'Cannot redo “Import 2 documents”: the project has changed in a way that conflicts with it. Nothing was changed.',
    });
    expect(recordState(p)).toEqual(undone);
    expect(count(p, 'SELECT count(*) FROM command_trash')).toBe(4); // 2 documents, 2 originals
  });

  it('leaves the project in the schema check and repair accepts', async () => {
    const p = await seeded();
    await call(p, 'importFiles', { paths: [articles(2)] });
    await call(p, 'undo', {});
    expect(checkProject(p.db).problems).toEqual([]);
    repairProject(p.db);
    expect(checkProject(p.db).ok).toBe(true);
    await call(p, 'redo', {});
    expect(checkProject(p.db).ok).toBe(true);
  });

  it('starts where a new project starts: Undo never takes back the sample articles or the starter codebook', async () => {
    const p = await openOrCreateProject(join(tempDir(), 'new.quire'), { seedsDir: SEEDS_DIR });
    try {
      expect(await call(p, 'history', {})).toEqual([]);
      expect(await call(p, 'undo', {})).toEqual({ undone: null });
      expect((await call(p, 'listDocuments', {})).total).toBe(5);
      expect((await call(p, 'getCodebook', {})).codes).toHaveLength(7);
      // The first change is the first step, and undo stops after it.
      await call(p, 'createCode', { name: 'Grain' });
      expect((await call(p, 'undo', {})).undone).toMatchObject({ command: 'createCode' });
      expect(await call(p, 'undo', {})).toEqual({ undone: null });
      expect((await call(p, 'listDocuments', {})).total).toBe(5);
      // The sample articles still came from Quire, as their coder says.
      expect(p.db.prepare("SELECT name FROM coders WHERE name = 'Quire'").pluck().get()).toBe('Quire');
    } finally {
      p.db.close();
    }
  });
});

describe('undoing a replaced text', () => {
  it('restores the original bytes a legacy-encoded document kept', async () => {
    const p = await seeded();
    const dir = tempDir();
    const text = 'The café in Zürich served crème brûlée; the naïve señor paid £3 for it.\n'.repeat(3);
    writeFileSync(join(dir, 'legacy.txt'), iconv.encode(text, 'windows-1252'));
    writeFileSync(
      join(dir, 'utf16.txt'),
      Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(`${text}Revised.\n`, 'utf-16le')]),
    );
    writeFileSync(join(dir, 'plain.txt'), `${text}Revised again.\n`);
    const id = (await importFiles(p.db, [join(dir, 'legacy.txt')])).files[0]!.documentId!;
    const original = p.db
      .prepare('SELECT bytes FROM document_originals WHERE document_id = ?')
      .pluck()
      .get(id) as Buffer;
    expect(original.equals(iconv.encode(text, 'windows-1252'))).toBe(true);

    // Another original in place of the first, then none at all; undo and redo each step.
    for (const path of ['utf16.txt', 'plain.txt']) {
      const before = recordState(p);
      await call(p, 'replaceDocument', { id, path: join(dir, path) });
      await undoRedo(p, before, recordState(p));
    }
    await call(p, 'undo', {});
    await call(p, 'undo', {});
    const back = p.db.prepare('SELECT bytes FROM document_originals WHERE document_id = ?').pluck().get(id) as Buffer;
    expect(back.equals(original)).toBe(true);
  });
});
