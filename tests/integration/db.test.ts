import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listBackups } from '../../src/main/core/db/backups.ts';
import { checkProject, repairProject } from '../../src/main/core/db/check.ts';
import { LATEST_VERSION, migrations } from '../../src/main/core/db/migrations/index.ts';
import {
  APPLICATION_ID,
  migrate,
  openProject,
  schemaVersion,
  type UpdateProgress,
} from '../../src/main/core/db/open.ts';
import { closeProject, openOrCreateProject } from '../../src/main/core/project.ts';
import { search } from '../../src/main/core/search/search.ts';
import { everyone } from '../../src/main/core/viewer.ts';
import { SearchInput } from '../../src/shared/api.ts';
import { QuireError } from '../../src/shared/errors.ts';
import { createTestProject, tempDir } from '../helpers/project.ts';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('project database', () => {
  it('creates a migrated, identified project with foreign keys on', () => {
    const db = openProject(':memory:');
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const guid = db.prepare("SELECT value FROM project WHERE key = 'guid'").pluck().get() as string;
    expect(guid).toMatch(/^[0-9a-f-]{36}$/);
    db.close();
  });

  it('uses WAL on a project file and reopens it', () => {
    const file = join(tempDir(), 'p.quire');
    const db = openProject(file, { create: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    const again = openProject(file);
    expect(schemaVersion(again)).toBe(LATEST_VERSION);
    again.close();
  });

  it('migrates from every earlier version to the latest, one transaction each', () => {
    for (let from = 0; from < LATEST_VERSION; from++) {
      const file = join(tempDir(), `v${from}.quire`);
      const raw = new Database(file);
      migrate(raw, file, from);
      expect(schemaVersion(raw)).toBe(from);
      raw.close();
      const db = openProject(file);
      expect(schemaVersion(db)).toBe(LATEST_VERSION);
      expect(checkProject(db).ok).toBe(true);
      db.close();
      // A file that already held a schema is backed up before it is migrated, in its backups folder, as it was.
      const backups = listBackups(file);
      expect(backups.map((b) => b.kind)).toEqual(from > 0 ? ['update'] : []);
      if (from > 0) {
        const backup = new Database(backups[0]!.path, { readonly: true });
        expect(backup.pragma('user_version', { simple: true })).toBe(from);
        backup.close();
      }
    }
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('migrates a version 4 project to memos of their own per coder and blind coding off, keeping every memo', () => {
    const file = join(tempDir(), 'v4.quire');
    const raw = new Database(file);
    migrate(raw, file, 4);
    raw.exec(`INSERT INTO coders (id, guid, name, created_at) VALUES (1, 'g1', 'ana', '2024-01-01'), (2, 'g2', 'ben', '2024-01-01');
      INSERT INTO codes (id, guid, name, colour, created_at) VALUES (1, 'c1', 'X', '#112233', '2024-01-01');
      INSERT INTO memos (guid, target_type, target_id, text, coder_id, created_at, updated_at) VALUES ('m1', 'code', 1, 'Ana on X', 1, '2024-01-01', '2024-01-02');`);
    raw.close();
    const db = openProject(file);
    expect(
      db.prepare('SELECT guid, target_type, target_id, text, coder_id, created_at, updated_at FROM memos').all(),
    ).toEqual([
      {
        guid: 'm1',
        target_type: 'code',
        target_id: 1,
        text: 'Ana on X',
        coder_id: 1,
        created_at: '2024-01-01',
        updated_at: '2024-01-02',
      },
    ]);
    expect(db.prepare('SELECT name, blind FROM coders ORDER BY id').all()).toEqual([
      { name: 'ana', blind: 0 },
      { name: 'ben', blind: 0 },
    ]);
    // Ben's memo on the same code stands beside Ana's; a second of Ana's on it is refused.
    db.prepare(
      "INSERT INTO memos (guid, target_type, target_id, text, coder_id, created_at, updated_at) VALUES ('m2', 'code', 1, 'Ben on X', 2, 'x', 'x')",
    ).run();
    expect(() =>
      db
        .prepare(
          "INSERT INTO memos (guid, target_type, target_id, text, coder_id, created_at, updated_at) VALUES ('m3', 'code', 1, 'again', 1, 'x', 'x')",
        )
        .run(),
    ).toThrow(/UNIQUE/);
    expect(checkProject(db).ok).toBe(true);
    db.close();
  });

  it('rebuilds the search index of a version 5 project with progress, after which words are found in every script', async () => {
    const file = join(tempDir(), 'v5.quire');
    const raw = new Database(file);
    migrate(raw, file, 5);
    const insert = raw.prepare(
      `INSERT INTO documents (guid, title, body, format, encoding, content_hash, original_hash, original_size, char_count, imported_at)
       VALUES (?, ?, ?, 'txt', 'utf-8', ?, ?, 0, 0, '2024-01-01T00:00:00Z')`,
    );
    const bodies = [
      '腾讯和阿里巴巴加大了对人工智能的投入。',
      'Γνωρίζω ότι η κυβέρνηση συζητά.',
      ...Array.from({ length: 450 }, (_, i) => `Report ${i} from Minsk.`),
    ];
    const hash = (body: string) => createHash('sha256').update(body, 'utf8').digest('hex');
    bodies.forEach((body, i) =>
      insert.run(`g${i}`, i === 0 ? 'DeepMind与AlphaGo' : `Report ${i}`, body, hash(body), hash(body)),
    );
    // Under version 5 the unspaced Chinese run is one word of unicode61's, and accents are folded only in Latin letters.
    const old = (q: string) =>
      raw.prepare('SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?').pluck().get(q);
    expect([old('"腾讯"'), old('"γνωριζω"'), old('"deepmind"')]).toEqual([0, 0, 0]);
    raw.close();

    const progress: UpdateProgress[] = [];
    const project = await openOrCreateProject(file, { onUpdate: (p) => progress.push(p) });
    try {
      expect(schemaVersion(project.db)).toBe(LATEST_VERSION);
      const words = progress.filter((p) => p.what.startsWith('its search index'));
      expect(words.map((p) => p.done)).toEqual([0, 200, 400, 452]);
      expect(new Set(progress.map((p) => p.total))).toEqual(new Set([452]));
      // The near-duplicate index of the documents already there is made in the same update, with progress of its own.
      expect(progress.filter((p) => !words.includes(p)).map((p) => [p.what, p.done])).toEqual([
        ['an index of its documents’ passages was made, so that near-duplicates are found at once', 0],
        ['an index of its documents’ passages was made, so that near-duplicates are found at once', 452],
        [
          'a summary of each document’s passages was stored, so that new documents are checked for near-duplicates more quickly',
          0,
        ],
        [
          'a summary of each document’s passages was stored, so that new documents are checked for near-duplicates more quickly',
          452,
        ],
      ]);
      // Sketches of the documents with five words in a row: only the Greek one (the Chinese is one run, the reports four words).
      expect(project.db.prepare('SELECT document_id FROM near_sketches').pluck().all()).toEqual([2]);
      expect(project.notices).toContain(
        'This project was saved by an earlier version of Quire and has been brought up to date (a backup was made first): its search index was made anew, so that words are found in every script, for 452 documents.',
      );
      expect(project.notices).toContain(
        'This project was saved by an earlier version of Quire and has been brought up to date (a backup was made first): an index of its documents’ passages was made, so that near-duplicates are found at once, for 452 documents.',
      );
      const found = (query: string) =>
        search(project.db, SearchInput.parse({ query }), everyone()).results.map((r) => r.document.title);
      expect(found('腾讯')).toEqual(['DeepMind与AlphaGo']);
      expect(found('γνωριζω')).toEqual(['Report 1']);
      expect(found('AlphaGo')).toEqual(['DeepMind与AlphaGo']);
      expect(search(project.db, SearchInput.parse({ query: 'minsk' }), everyone()).total).toBe(450);
      expect(checkProject(project.db).problems).toEqual([]);
    } finally {
      closeProject(project);
    }
    // Opened again, it is up to date: nothing is rebuilt, nothing is said.
    const again = await openOrCreateProject(file, { onUpdate: (p) => progress.push(p) });
    expect(again.notices).toEqual([]);
    expect(progress).toHaveLength(8);
    closeProject(again);
  });

  it('check finds documents whose index words are not as this version makes them, and repair makes them anew', async () => {
    const { db } = await createTestProject();
    db.prepare("UPDATE document_words SET body = 'made otherwise' WHERE id = 2").run();
    const report = checkProject(db);
    expect(report.problems).toContain(
      'Search index: it does not hold the words of ‘001_b5026d01219ff992.txt’ as this version of Quire cuts and folds them (another version made it, or it was damaged), so searches can miss them; run check with --repair to rebuild it.',
    );
    repairProject(db);
    expect(checkProject(db).ok).toBe(true);
  });

  it('check finds a near-duplicate index that does not match the texts, and repair makes it anew', async () => {
    const { db } = await createTestProject();
    expect(checkProject(db).ok).toBe(true);
    const [first, second] = db
      .prepare<[], { id: number; title: string }>(
        'SELECT id, coalesce(title, filename) AS title FROM documents ORDER BY id LIMIT 2',
      )
      .all();
    // A sketch changed, a bucket row gone from one document, and a row no text makes.
    db.prepare('UPDATE near_sketches SET sketch = zeroblob(256) WHERE document_id = ?').run(first!.id);
    db.prepare(
      'DELETE FROM near_buckets WHERE document_id = :id AND bucket = (SELECT min(bucket) FROM near_buckets WHERE document_id = :id)',
    ).run({ id: second!.id });
    db.prepare('INSERT INTO near_staging (bucket, document_id) VALUES (123456789, ?)').run(first!.id);
    const problems = checkProject(db).problems;
    expect(problems).toContain(
      `Near-duplicate index: it does not hold what this version of Quire makes of the text of ‘${first!.title}’ and ‘${second!.title}’, so new documents like them may not be flagged as near-duplicates; run check with --repair to rebuild it.`,
    );
    expect(problems).toContain(
      'Near-duplicate index: it holds 1 entry made of texts no document has now; run check with --repair to rebuild it.',
    );
    repairProject(db);
    expect(checkProject(db).ok).toBe(true);
  });

  it('rolls a failing migration back whole, leaving the version unchanged', () => {
    const raw = new Database(':memory:');
    raw.exec('CREATE TABLE documents_vocab (x)'); // collides with a table migration 1 creates
    expect(() => migrate(raw)).toThrow();
    expect(schemaVersion(raw)).toBe(0);
    const tables = raw.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all();
    expect(tables).toEqual(['documents_vocab']);
    raw.close();
  });

  it('refuses a project from a newer Quire and leaves the file untouched', () => {
    const file = join(tempDir(), 'new.quire');
    openProject(file, { create: true }).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_VERSION + 1}`);
    raw.close();
    const before = sha(file);
    const error = (() => {
      try {
        openProject(file);
      } catch (e) {
        return e as QuireError;
      }
    })();
    expect(error?.code).toBe('project_too_new');
    expect(error?.message).toMatch(/newer version of Quire/);
    expect(sha(file)).toBe(before);
  });

  it('refuses files that are not Quire projects with a clear message', () => {
    const dir = tempDir();
    const text = join(dir, 'notes.quire');
    writeFileSync(text, 'just some text, not a database');
    expect(() => openProject(text)).toThrow(/not a Quire project \(it is not an SQLite database\)/);
    const other = join(dir, 'other.sqlite');
    const raw = new Database(other);
    raw.exec('CREATE TABLE t (x)');
    raw.close();
    expect(() => openProject(other)).toThrow(/SQLite database, but not a Quire project/);
    expect(() => openProject(join(dir, 'missing.quire'))).toThrow(/There is no project at/);
    expect(() => openProject(dir)).toThrow(/is a folder/);
  });

  it("keeps a document's text immutable", async () => {
    const { db } = await createTestProject();
    expect(() => db.prepare("UPDATE documents SET body = 'changed' WHERE id = 1").run()).toThrow(/immutable/);
  });

  it('keeps the search index in step with metadata edits and deletions', async () => {
    const { db } = await createTestProject();
    const match = (q: string) =>
      db.prepare('SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?').pluck().all(q);
    db.prepare("UPDATE documents SET title = 'Zyabrovka airbase report' WHERE id = 2").run();
    expect(match('title:zyabrovka')).toEqual([2]);
    db.prepare('DELETE FROM documents WHERE id = 2').run();
    expect(match('zyabrovka')).toEqual([]);
    expect(checkProject(db).ok).toBe(true);
  });

  it('check finds an index that disagrees with the documents, and repair fixes it', async () => {
    const { db } = await createTestProject();
    expect(checkProject(db)).toMatchObject({ ok: true, documents: 5, problems: [] });
    db.exec('DROP TRIGGER documents_fts_delete');
    db.prepare('DELETE FROM documents WHERE id = 3').run();
    const report = checkProject(db);
    expect(report.ok).toBe(false);
    expect(report.problems).toContain(
      'Schema: the trigger documents_fts_delete is missing; run check with --repair to restore it.',
    );
    expect(report.problems.join('\n')).toMatch(/Search index/);
    repairProject(db);
    expect(checkProject(db).ok).toBe(true);
    // The restored trigger keeps the index in step again.
    db.prepare('DELETE FROM documents WHERE id = 4').run();
    expect(checkProject(db)).toMatchObject({ ok: true, documents: 3 });
  });

  it('check names schema objects that do not belong to Quire', async () => {
    const { db } = await createTestProject();
    db.exec('CREATE INDEX stray ON documents(url)');
    expect(checkProject(db).problems).toEqual(["Schema: the index stray is not part of Quire's schema."]);
  });

  it('check finds a document whose text no longer matches its hash', async () => {
    const { db } = await createTestProject();
    db.exec('DROP TRIGGER documents_body_immutable');
    db.prepare("UPDATE documents SET body = body || ' tampered' WHERE id = 4").run();
    const report = checkProject(db);
    expect(report.problems).toContain('Document 4: its text does not match its content hash.');
  });
});
