// Merging another Quire project into this one: documents matched by their
// text, codes by GUID and then by name and place, codings brought in under
// their own coder, memos kept as their writers' own (never overwritten); one undoable step
// whose preview says exactly what it then does.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { coderId } from '../../src/main/core/coding/coders.ts';
import { importFiles } from '../../src/main/core/corpus/import.ts';
import { checkProject } from '../../src/main/core/db/check.ts';
import { LATEST_VERSION } from '../../src/main/core/db/migrations/index.ts';
import { migrate, openProject } from '../../src/main/core/db/open.ts';
import { call } from '../../src/main/core/engine.ts';
import { codebookQdc, codebookXml } from '../../src/main/core/exchange/qdc-export.ts';
import { projectQdpx } from '../../src/main/core/exchange/qdpx-export.ts';
import type { ProjectHandle } from '../../src/main/core/project.ts';
import { TABLES } from '../../src/main/core/commands/log.ts';
import { createTestProject, seedPath, tempDir, codeQuote as code, recordState } from '../helpers/project.ts';
import { everyone } from '../../src/main/core/viewer.ts';

const rows = (p: ProjectHandle, table: string) => p.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const docId = (p: ProjectHandle, filename: string) =>
  p.db.prepare('SELECT id FROM documents WHERE filename = ?').pluck().get(filename) as number;
const codeId = (p: ProjectHandle, name: string) =>
  p.db.prepare('SELECT id FROM codes WHERE name = ?').pluck().get(name) as number;
const SEED_001 = '001_b5026d01219ff992.txt';
const SEED_002 = '002_c202183df8046a46.txt';
const ONLY_THERE = 'Only in Anna’s project: Minsk denies that troops crossed, and Kyiv says they did. 🇺🇦\n';

/**
 * Our project (the five seeds, coded by ben) and Anna's, a project file of
 * her own: two of the seeds and a text only she has, our codebook imported at
 * the start (so the codes share GUIDs) and then changed by her: “Stance”
 * renamed “Position”, “Complicit” moved to the top level, a new “Stance” of
 * her own (a clash), “russia” (ours is “Russia”, another GUID) and new codes.
 */
async function projects() {
  const ours = await createTestProject();
  ours.coder = 'ben';
  coderId(ours.db, 'ben'); // the coder merging exists before the merge (coders are never undone away)
  const stance = await call(ours, 'createCode', { name: 'Stance' });
  const neutral = await call(ours, 'createCode', { name: 'Neutral', parentId: stance.id });
  const complicit = await call(ours, 'createCode', { name: 'Complicit', parentId: stance.id });
  await call(ours, 'createCodeGroup', { name: 'Belarus role', exclusive: true, codeIds: [neutral.id, complicit.id] });
  const sharedBook = codebookXml(ours.db);

  const dir = tempDir();
  const path = join(dir, 'anna.quire');
  const theirs: ProjectHandle = { db: openProject(path, { create: true }), path };
  onTestFinished(() => {
    if (theirs.db.open) theirs.db.close();
  });
  await importFiles(theirs.db, [seedPath('001'), seedPath('002')]);
  await call(theirs, 'importUploads', {
    files: [{ name: 'only-there.txt', base64: Buffer.from(ONLY_THERE).toString('base64') }],
  });
  theirs.coder = 'Anna';
  await call(theirs, 'importRefiQda', {
    upload: { name: 'book.qdc', base64: Buffer.from(sharedBook).toString('base64') },
  });
  const t = (name: string) => codeId(theirs, name);
  await call(theirs, 'updateCode', { id: t('Stance'), name: 'Position' });
  await call(theirs, 'moveCode', { id: t('Complicit'), parentId: null, position: 1 });
  const airfields = await call(theirs, 'createCode', { name: 'Airfields', parentId: t('Position'), colour: '#00ff7f' });
  const herStance = await call(theirs, 'createCode', { name: 'Stance', description: 'Anna’s own' });
  const russia = await call(theirs, 'createCode', { name: 'russia' });
  const troops = await call(theirs, 'createCode', { name: 'Troops', parentId: russia.id });
  await call(theirs, 'setMemo', { target: 'code', id: airfields.id, text: 'Anna: airfields lent to Russia.' });
  // The shared group renamed, and a group of hers with its old name.
  const role = (await call(theirs, 'getCodebook', {})).groups[0]!;
  await call(theirs, 'updateCodeGroup', {
    id: role.id,
    name: 'Role of Belarus',
    codeIds: [...role.codeIds, airfields.id],
  });
  await call(theirs, 'createCodeGroup', { name: 'Belarus role', codeIds: [herStance.id] });

  // Ours after the codebook went out: our own “Russia”, and ben's codings and memos.
  const ourRussia = await call(ours, 'createCode', { name: 'Russia' });
  const d1 = docId(ours, SEED_001);
  const q1 = 'Ukraine';
  const benNeutral = await code(ours, d1, neutral.id, q1);
  await call(ours, 'setMemo', { target: 'document', id: d1, text: 'Ours: check the date.' });

  // Anna's codings: on the seeds both have, and on her own text; one of ben's, made in her project too, is the same as ours.
  const a1 = docId(theirs, SEED_001);
  const a2 = docId(theirs, SEED_002);
  const own = docId(theirs, 'only-there.txt');
  const body1 = (await call(theirs, 'getDocument', { id: a1 })).body;
  const quotes = body1
    .split(/[.\n]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 30)
    .slice(0, 4);
  const annaNeutral = await code(theirs, a1, t('Neutral'), quotes[0]!);
  await code(theirs, a1, airfields.id, quotes[1]!);
  await code(theirs, a1, herStance.id, quotes[2]!);
  await code(theirs, a1, troops.id, quotes[3]!);
  await code(theirs, a2, t('Complicit'), (await call(theirs, 'getDocument', { id: a2 })).body.slice(0, 40).trim());
  await code(theirs, own, t('Neutral'), 'Minsk denies that troops crossed');
  await code(theirs, own, russia.id, 'troops');
  await call(theirs, 'setMemo', { target: 'coding', id: annaNeutral.id, text: 'Anna: a denial, not evidence.' });
  await call(theirs, 'setMemo', { target: 'document', id: a1, text: 'Anna: the date is wrong.' });
  theirs.coder = 'ben';
  await code(theirs, a1, t('Neutral'), q1); // the same as ben's coding here
  theirs.db.close();
  return { ours, path, stance, neutral, complicit, ourRussia, benNeutral };
}

describe('merging another Quire project', () => {
  it('previews the merge without changing anything, then does exactly what it previewed', async () => {
    const { ours, path } = await projects();
    const before = recordState(ours);
    const history = (await call(ours, 'history', {})).length;
    const fileHash = sha256(path);
    const beside = readdirSync(join(path, '..')).sort();
    const preview = await call(ours, 'previewMerge', { path });
    expect(recordState(ours)).toEqual(before);
    expect(await call(ours, 'history', {})).toHaveLength(history);

    expect(preview.file).toBe('anna.quire');
    expect(preview.documents.added).toEqual(['only-there.txt']);
    expect(preview.documents.present.map((d) => d.here).sort()).toEqual(
      (
        ours.db
          .prepare('SELECT coalesce(title, filename) FROM documents WHERE filename IN (?, ?)')
          .pluck()
          .all(SEED_001, SEED_002) as string[]
      ).sort(),
    );
    expect(preview.codes.merged).toEqual(
      expect.arrayContaining([
        { name: 'Position', here: 'Stance', by: 'guid', differs: '“Position” is called “Stance” here' },
        { name: 'Position › Neutral', here: 'Stance › Neutral', by: 'guid', differs: null },
        { name: 'Complicit', here: 'Complicit', by: 'guid', differs: '“Complicit” is under “Stance” here' },
        { name: 'russia', here: 'Russia', by: 'name', differs: null },
      ]),
    );
    expect(preview.codes.merged).toHaveLength(4);
    expect([...preview.codes.added].sort()).toEqual(['Russia › Troops', 'Stance › Airfields']);
    expect(preview.codes.renamed).toEqual([
      { name: 'Stance', as: 'Stance (2)', why: '“Stance” at the top level here is their “Position”' },
    ]);
    expect(preview.groups).toEqual({
      merged: [
        {
          name: 'Role of Belarus',
          here: 'Belarus role',
          by: 'guid',
          differs: 'The group “Role of Belarus” is called “Belarus role” here',
        },
      ],
      added: [],
      renamed: [
        {
          name: 'Belarus role',
          as: 'Belarus role (2)',
          why: 'the group “Belarus role” here is their “Role of Belarus”',
        },
      ],
    });
    expect(preview.coders).toEqual({ added: ['Anna'], matched: ['ben'] });
    expect(preview.codings).toEqual({
      added: 7,
      present: 1,
      byCoder: expect.arrayContaining([
        { coder: 'Anna', added: 7, present: 0 },
        { coder: 'ben', added: 0, present: 1 },
      ]),
    });
    // Each coder has their own memo on a document: Anna's comes in beside ben's.
    expect(preview.memos.added).toBe(3);
    expect(preview.memos.appended).toEqual([]);
    expect(preview.skipped).toEqual([]);

    // The merge does what the preview said, row for row.
    const counts = Object.fromEntries(TABLES.map((t) => [t, rows(ours, t)]));
    const done = await call(ours, 'mergeProject', { path });
    expect(done).toEqual(preview);
    const added = (t: string) => rows(ours, t) - counts[t]!;
    expect(added('documents')).toBe(preview.documents.added.length);
    expect(added('codes')).toBe(preview.codes.added.length + preview.codes.renamed.length);
    expect(added('code_groups')).toBe(preview.groups.added.length + preview.groups.renamed.length);
    expect(added('code_group_members')).toBe(2); // Airfields joins our group; Stance (2) is in hers
    expect(added('coders')).toBe(preview.coders.added.length);
    expect(added('codings')).toBe(preview.codings.added);
    expect(added('memos')).toBe(preview.memos.added);
    const entries = await call(ours, 'history', {});
    expect(entries).toHaveLength(history + 1);
    expect(entries[0]).toMatchObject({
      command: 'mergeProject',
      description: 'Merge “anna.quire” into this project',
      coder: 'ben',
    });
    // The other project's file was only read.
    expect(sha256(path)).toBe(fileHash);
    expect(readdirSync(join(path, '..')).sort()).toEqual(beside);
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith('quire-merge-'))).toEqual([]);
  });

  it('reuses the documents both have, brings codings in under their own coder, renames only a real clash, and appends memos', async () => {
    const { ours, path, stance, neutral, complicit, ourRussia, benNeutral } = await projects();
    await call(ours, 'mergeProject', { path });
    const book = await call(ours, 'getCodebook', {});
    const named = (name: string, parentId: number | null) =>
      book.codes.find((c) => c.name === name && c.parentId === parentId);
    // Ours keep their names, places and GUIDs; hers are added under the codes they matched.
    expect(book.codes.find((c) => c.id === stance.id)).toMatchObject({
      name: 'Stance',
      parentId: null,
      guid: stance.guid,
    });
    expect(book.codes.find((c) => c.id === complicit.id)).toMatchObject({ name: 'Complicit', parentId: stance.id });
    expect(named('Airfields', stance.id)).toMatchObject({ colour: '#00ff7f' });
    expect(named('Troops', ourRussia.id)).toBeDefined();
    expect(named('Stance (2)', null)).toMatchObject({ description: 'Anna’s own', codingCount: 1 });
    expect(book.codes.filter((c) => /russia/i.test(c.name))).toHaveLength(1);
    // Our group keeps its name and codes, and gains the code she put in it; hers is added under another name.
    const group = (name: string) => book.groups.find((g) => g.name === name)!;
    expect(group('Belarus role')).toMatchObject({
      exclusive: true,
      codeIds: [neutral.id, complicit.id, named('Airfields', stance.id)!.id],
    });
    expect(group('Belarus role (2)')).toMatchObject({ exclusive: false, codeIds: [named('Stance (2)', null)!.id] });

    // A document both have: Anna's codings land on our copy; a document only she had is added with hers.
    const d1 = docId(ours, SEED_001);
    const codings = await call(ours, 'listCodings', { documentId: d1 });
    expect(
      codings
        .filter((k) => k.coder === 'Anna')
        .map((k) => book.codes.find((c) => c.id === k.codeId)!.name)
        .sort(),
    ).toEqual(['Airfields', 'Neutral', 'Stance (2)', 'Troops']);
    expect(codings.filter((k) => k.coder === 'ben')).toEqual([
      expect.objectContaining({ id: benNeutral.id, codeId: neutral.id }),
    ]);
    expect(codings.find((k) => k.coder === 'Anna' && k.codeId === neutral.id)!.memo).toBe(
      'Anna: a denial, not evidence.',
    );
    const own = (await call(ours, 'listDocuments', {})).documents.find((d) => d.filename === 'only-there.txt')!;
    const there = await call(ours, 'listCodings', { documentId: own.id });
    expect(there.map((k) => [k.quote, k.coder])).toEqual([
      ['Minsk denies that troops crossed', 'Anna'],
      ['troops', 'Anna'],
    ]);
    expect((await call(ours, 'getDocument', { id: own.id })).body).toBe(ONLY_THERE);
    expect((await call(ours, 'search', { query: 'Anna’s project' })).total).toBe(1);
    // The document on a seed: one copy still.
    expect(ours.db.prepare('SELECT count(*) FROM documents WHERE filename = ?').pluck().get(SEED_001)).toBe(1);

    // Memos: ours kept as it was, hers beside it as hers; a memo on her new code is hers.
    const memo = await call(ours, 'getMemo', { target: 'document', id: d1 });
    expect(memo).toMatchObject({
      mine: { text: 'Ours: check the date.', coder: 'ben' },
      others: [{ text: 'Anna: the date is wrong.', coder: 'Anna' }],
    });
    expect(await call(ours, 'getMemo', { target: 'code', id: named('Airfields', stance.id)!.id })).toMatchObject({
      mine: null,
      others: [{ text: 'Anna: airfields lent to Russia.', coder: 'Anna' }],
    });

    // Merging again adds nothing: everything is already here.
    const again = await call(ours, 'previewMerge', { path });
    expect(again).toMatchObject({
      documents: { added: [] },
      codes: { added: [], renamed: [] },
      coders: { added: [] },
      codings: { added: 0, present: 8 },
      memos: { added: 0, appended: [] },
    });
    expect(again.codes.merged).toHaveLength(7);
    expect(checkProject(ours.db)).toMatchObject({ ok: true, problems: [] });
  });

  it('is one step: undo restores the project exactly, redo brings the merge back', async () => {
    const { ours, path } = await projects();
    const before = recordState(ours);
    await call(ours, 'mergeProject', { path });
    const after = recordState(ours);
    expect(after).not.toEqual(before);
    expect((await call(ours, 'undo', {})).undone).toMatchObject({ command: 'mergeProject' });
    expect(recordState(ours)).toEqual(before);
    expect(checkProject(ours.db)).toMatchObject({ ok: true, problems: [] });
    await call(ours, 'redo', {});
    expect(recordState(ours)).toEqual(after);
    expect(checkProject(ours.db)).toMatchObject({ ok: true, problems: [] });
  });

  it('takes an uploaded project (the browser) the same way, and the same project as a .qdpx merges into the same codes', async () => {
    const { ours, path } = await projects();
    const fromPath = await call(ours, 'previewMerge', { path });
    const upload = { name: 'anna.quire', base64: readFileSync(path).toString('base64') };
    expect(await call(ours, 'previewMerge', { upload })).toEqual(fromPath);
    // Her project exported for another QDA program: the codes, coders and codings match the same way.
    const theirs = openProject(path);
    const qdpx = projectQdpx(theirs, { viewer: everyone() }).bytes;
    theirs.close();
    const refi = await call(ours, 'previewMerge', {
      upload: { name: 'anna.qdpx', base64: Buffer.from(qdpx).toString('base64') },
    });
    expect(refi.codes).toEqual(fromPath.codes);
    expect(refi.codings).toEqual(fromPath.codings);
    expect(refi.coders).toEqual(fromPath.coders);
    expect(refi.documents.present.length).toBe(2);
    expect(refi.documents.added.length).toBe(1);
  });

  it('reads what the other program has not yet moved from its write-ahead log into the file, and a project of format 1 (documents only)', async () => {
    const { ours, path } = await projects();
    // Anna's project open elsewhere, a code just made: it is in anna.quire-wal, not yet in anna.quire.
    const open = openProject(path);
    onTestFinished(() => void open.close());
    open.pragma('wal_autocheckpoint = 0');
    await call({ db: open, path, coder: 'Anna' }, 'createCode', { name: 'Written a moment ago' });
    expect(existsSync(`${path}-wal`)).toBe(true);
    expect((await call(ours, 'previewMerge', { path })).codes.added).toContain('Written a moment ago');

    const old = join(tempDir(), 'old.quire');
    const v1 = new Database(old);
    migrate(v1, old, 1);
    v1.prepare(
      `INSERT INTO documents (guid, title, body, filename, format, encoding, content_hash, original_hash, original_size, char_count, imported_at)
       VALUES ('0190d1d2-0000-7000-8000-000000000001', 'Old notes', 'Old notes on Grodno.', 'old.txt', 'txt', 'utf-8', @hash, @hash, 20, 20, '2024-01-01T00:00:00.000Z')`,
    ).run({ hash: createHash('sha256').update('Old notes on Grodno.').digest('hex') });
    v1.close();
    const merged = await call(ours, 'mergeProject', { path: old });
    expect(merged).toMatchObject({
      documents: { added: ['Old notes'] },
      codes: { added: [], merged: [] },
      codings: { added: 0 },
      skipped: [],
    });
    expect(
      ours.db.prepare("SELECT title, filename, format, guid FROM documents WHERE title = 'Old notes'").get(),
    ).toEqual({
      title: 'Old notes',
      filename: 'old.txt',
      format: 'txt',
      guid: '0190d1d2-0000-7000-8000-000000000001',
    });
    const reread = new Database(old, { readonly: true });
    expect(reread.pragma('user_version', { simple: true })).toBe(1); // the file itself was not migrated
    reread.close();
  });

  it('merges a project whose code tree is damaged (a parent gone, parents in a loop): those codes come in at the top level, and it says so', async () => {
    const ours = await createTestProject();
    ours.coder = 'ben';
    const path = join(tempDir(), 'broken.quire');
    const theirs: ProjectHandle = { db: openProject(path, { create: true }), path, coder: 'Anna' };
    const gone = await call(theirs, 'createCode', { name: 'Gone' });
    await call(theirs, 'createCode', { name: 'Orphan', parentId: gone.id });
    const a = await call(theirs, 'createCode', { name: 'Loop A' });
    const b = await call(theirs, 'createCode', { name: 'Loop B', parentId: a.id });
    await call(theirs, 'createCode', { name: 'Below the loop', parentId: b.id });
    theirs.db.close();
    // Written without foreign keys, as a damaged file comes about: Orphan's parent deleted, Loop A put under Loop B.
    const raw = new Database(path);
    raw.pragma('foreign_keys = OFF');
    raw.prepare('DELETE FROM codes WHERE id = ?').run(gone.id);
    raw.prepare('UPDATE codes SET parent_id = ? WHERE id = ?').run(b.id, a.id);
    raw.close();

    // Exporting that project keeps every code too.
    const damaged = openProject(path);
    const { xml, notes } = codebookQdc(damaged);
    damaged.close();
    for (const name of ['Orphan', 'Loop A', 'Loop B', 'Below the loop']) expect(xml).toContain(`name="${name}"`);
    expect(notes).toContain(
      '2 codes have lost their place in the code tree (the project is damaged) and are at the top level of the file.',
    );

    const preview = await call(ours, 'previewMerge', { path });
    // The loop is cut above Loop B, the first of its codes (by parent, then place); the codes under it follow in their stored order.
    expect(preview.codes.added).toEqual(['Orphan', 'Loop B', 'Loop B › Below the loop', 'Loop B › Loop A']);
    expect(preview.notes).toContain(
      '2 codes in “broken.quire” had lost their place in the code tree (that project is damaged) and were merged at the top level.',
    );
    expect(await call(ours, 'mergeProject', { path })).toEqual(preview);
    expect(checkProject(ours.db)).toMatchObject({ ok: true, problems: [] });
  });

  it('refuses a file that is not a Quire project, is damaged or is newer, says why, and changes nothing', async () => {
    const { ours, path } = await projects();
    const dir = tempDir();
    const sqlite = join(dir, 'other.sqlite');
    const plain = new Database(sqlite);
    plain.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    plain.close();
    const newer = join(dir, 'newer.quire');
    writeFileSync(newer, readFileSync(path));
    const bump = new Database(newer);
    bump.pragma(`user_version = ${LATEST_VERSION + 1}`);
    bump.close();
    const damaged = join(dir, 'damaged.quire');
    const bytes = readFileSync(path);
    const page = bytes.readUInt16BE(16);
    // The schema page intact (so it opens), every page after it noise.
    for (let i = page; i < bytes.length; i++) bytes[i] = (i * 7919) % 251;
    writeFileSync(damaged, bytes);
    const cut = join(dir, 'cut.quire');
    writeFileSync(cut, readFileSync(path).subarray(0, 100));
    const text = join(dir, 'notes.quire');
    writeFileSync(text, 'just some notes');
    const folder = dir;
    const own = join(dir, 'own.quire');
    const self: ProjectHandle = { db: openProject(own, { create: true }), path: own };
    onTestFinished(() => void self.db.close());

    const before = recordState(ours);
    const history = (await call(ours, 'history', {})).length;
    const hashes = [sqlite, newer, damaged, cut, text].map(sha256);
    const cases: [ProjectHandle, string, RegExp][] = [
      [ours, sqlite, /^“other\.sqlite” cannot be merged: it is an SQLite database, but not a Quire project\.$/],
      [
        ours,
        newer,
        new RegExp(
          `^“newer\\.quire” cannot be merged: it was saved by a newer version of Quire \\(project format ${LATEST_VERSION + 1}; this version reads up to ${LATEST_VERSION}\\)\\. Update Quire to merge it\\.$`,
        ),
      ],
      [ours, damaged, /^“damaged\.quire” cannot be merged: it is damaged/],
      [ours, cut, /^“cut\.quire” cannot be merged: it is damaged or not a Quire project\.$/],
      [ours, text, /^“notes\.quire” cannot be merged: it is not a Quire project \(it is not an SQLite database\)\.$/],
      [ours, folder, /is a folder: choose a \.quire, \.qdpx or \.qdc file\.$/],
      [ours, join(dir, 'missing.quire'), /^There is no file .*missing\.quire\.$/],
      [self, own, /^own\.quire is the project open now: choose another project to merge into it\.$/],
    ];
    for (const [target, file, message] of cases) {
      for (const method of ['previewMerge', 'mergeProject'] as const) {
        const error = await call(target, method, { path: file }).catch((e: unknown) => e);
        expect(error, `${method} ${file}`).toMatchObject({ message: expect.stringMatching(message) });
      }
    }
    const upload = await call(ours, 'mergeProject', {
      upload: { name: 'newer.quire', base64: readFileSync(newer).toString('base64') },
    }).catch((e: unknown) => e);
    expect(upload).toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/saved by a newer version of Quire/),
    });
    expect(recordState(ours)).toEqual(before);
    expect(await call(ours, 'history', {})).toHaveLength(history);
    expect([sqlite, newer, damaged, cut, text].map(sha256)).toEqual(hashes);
    // Nothing was written beside them either (no WAL, no backup before a migration).
    expect(readdirSync(dir).sort()).toEqual([
      'cut.quire',
      'damaged.quire',
      'newer.quire',
      'notes.quire',
      'other.sqlite',
      'own.quire',
      'own.quire-shm',
      'own.quire-wal',
    ]);
  });
});
