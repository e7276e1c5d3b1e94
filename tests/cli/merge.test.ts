// `quire merge`: the command line merges another project into this one, as a
// user runs it (a child process with its own QUIRE_HOME): --dry-run shows the
// preview and changes nothing; without it the preview is followed by what it did.
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/main/cli.ts';
import { importFiles } from '../../src/main/core/corpus/import.ts';
import { openProject } from '../../src/main/core/db/open.ts';
import { call } from '../../src/main/core/engine.ts';
import { MergeSummary } from '../../src/shared/api.ts';
import { countCodePoints, toCodePointOffset } from '../../src/shared/codepoints.ts';
import { ROOT, seedPath, tempDir } from '../helpers/project.ts';
import { NVIVO_MAC, qdpxOf, type Passage } from '../helpers/qda-programs.ts';

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

/** `node bin/quire.js <args>` with `home` as QUIRE_HOME and no QUIRE_PROJECT. */
function quire(home: string, ...args: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, QUIRE_HOME: home };
  delete env.QUIRE_PROJECT;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['bin/quire.js', ...args],
      { cwd: ROOT, env, encoding: 'utf8', timeout: 30_000 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(Object.assign(error, { stdout, stderr }));
        else resolve({ status: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const count = (path: string, sql: string) => {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).pluck().get() as number;
  } finally {
    db.close();
  }
};

/** Anna's project: two seeds and a code of hers on a passage of each. */
async function annasProject(dir: string): Promise<string> {
  const path = join(dir, 'anna.quire');
  const db = openProject(path, { create: true });
  await importFiles(db, [seedPath('001'), seedPath('002')]);
  const p = { db, path, coder: 'Anna' };
  const code = await call(p, 'createCode', { name: 'Kyiv’s caution' });
  for (const id of [1, 2]) {
    const body = (await call(p, 'getDocument', { id })).body;
    const start = toCodePointOffset(body, body.indexOf('Belarus'));
    await call(p, 'applyCode', { documentId: id, codeId: code.id, start, end: start + countCodePoints('Belarus') });
  }
  db.close();
  return path;
}

describe('quire merge', () => {
  it('previews with --dry-run without changing anything, then merges and says what it did; merging again adds nothing', async () => {
    const home = tempDir();
    const ours = join(home, 'ours.quire');
    expect((await quire(home, '--project', ours, 'init')).status).toBe(EXIT.ok);
    const anna = await annasProject(tempDir());
    const annaHash = sha256(anna);
    const before = sha256(ours);

    const dry = await quire(home, '--project', ours, 'merge', '--dry-run', anna);
    expect(dry.stderr).toBe('');
    expect(dry.status).toBe(EXIT.ok);
    expect(dry.stdout.split('\n')[0]).toBe(
      'Merging anna.quire: 2 documents already here; 1 code added; 2 codings by Anna added.',
    );
    expect(dry.stdout).toMatch(/^Codes added:\n {2}Kyiv’s caution$/m);
    expect(dry.stdout).toMatch(/^Coders added:\n {2}Anna$/m);
    expect(dry.stdout.trimEnd().split('\n').at(-1)).toBe('Dry run: nothing was changed.');
    expect(sha256(ours)).toBe(before);

    const r = await quire(home, '--project', ours, 'merge', anna);
    expect(r.status).toBe(EXIT.ok);
    expect(r.stdout.split('\n')[0]).toBe(dry.stdout.split('\n')[0]);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(
      'Merged anna.quire: 2 documents already here; 1 code added; 2 codings by Anna added. Undo takes it back in one step.',
    );
    expect(count(ours, "SELECT count(*) FROM codings k JOIN coders c ON c.id = k.coder_id WHERE c.name = 'Anna'")).toBe(
      2,
    );
    expect(count(ours, 'SELECT count(*) FROM documents')).toBe(5);
    expect(count(ours, "SELECT count(*) FROM command_log WHERE command = 'mergeProject'")).toBe(1);
    expect(sha256(anna)).toBe(annaHash);

    const again = await quire(home, '--project', ours, '--json', 'merge', '--dry-run', anna);
    expect(again.status).toBe(EXIT.ok);
    const { preview, merged } = JSON.parse(again.stdout) as { preview: unknown; merged: unknown };
    expect(merged).toBeNull();
    expect(MergeSummary.parse(preview)).toMatchObject({
      documents: { added: [] },
      codes: { added: [], merged: [{ name: 'Kyiv’s caution', by: 'guid' }] },
      codings: { added: 0, present: 2 },
    });
  });

  it('refuses a file that is not a project, and the project itself, with exit 2 and a plain message', async () => {
    const home = tempDir();
    const ours = join(home, 'ours.quire');
    expect((await quire(home, '--project', ours, 'init', '--empty')).status).toBe(EXIT.ok);
    const notes = join(home, 'notes.quire');
    writeFileSync(notes, 'not a project');
    const bad = await quire(home, '--project', ours, 'merge', notes);
    expect(bad).toMatchObject({
      status: EXIT.usage,
      stdout: '',
      stderr: 'quire: “notes.quire” cannot be merged: it is not a Quire project (it is not an SQLite database).\n',
    });
    const self = await quire(home, '--project', ours, 'merge', ours);
    expect(self).toMatchObject({
      status: EXIT.usage,
      stderr: 'quire: ours.quire is the project open now: choose another project to merge into it.\n',
    });
  });

  it('refuses a project.qde with an external entity as a plain refusal with exit 2, not a crash with a stack (merge and import-qdpx)', async () => {
    const home = tempDir();
    const ours = join(home, 'ours.quire');
    expect((await quire(home, '--project', ours, 'init', '--empty')).status).toBe(EXIT.ok);
    const file = join(home, 'leak.qde');
    writeFileSync(
      file,
      '<?xml version="1.0"?>\n<!DOCTYPE Project [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>\n<Project name="Leak"><Description>&secret;</Description></Project>\n',
    );
    const stderr =
      'quire: “leak.qde” asks to read something outside itself (an external entity in its DTD, such as a file on this computer or a web address). Quire never follows these, and REFI-QDA files do not use them: the file was not read.\n';
    for (const args of [
      ['merge', '--dry-run', file],
      ['import-qdpx', file],
    ]) {
      expect(await quire(home, '--project', ours, ...args)).toMatchObject({ status: EXIT.usage, stdout: '', stderr });
    }
  });

  it('imports the valid part of a codebook that breaks the schema with exit 1, listing by line what it left out; refuses one cut short with exit 2', async () => {
    const home = tempDir();
    const ours = join(home, 'ours.quire');
    expect((await quire(home, '--project', ours, 'init', '--empty')).status).toBe(EXIT.ok);
    const g = (i: number) => `6f1d2a3b-4c5d-4e6f-8a9b-${String(i).padStart(12, '0')}`;
    const book = [
      '<?xml version="1.0" encoding="utf-8"?>',
      '<CodeBook xmlns="urn:QDA-XML:codebook:1.0">',
      '  <Codes>',
      `    <Code guid="${g(1)}" name="Stance" isCodable="true"/>`,
      `    <Code guid="${g(2)}" isCodable="true"/>`,
      '  </Codes>',
      '  <Sets>',
      `    <Set guid="${g(3)}"><MemberCode guid="${g(1)}"/></Set>`,
      '  </Sets>',
      '</CodeBook>',
      '',
    ].join('\n');
    const file = join(home, 'book.qdc');
    writeFileSync(file, book);
    const r = await quire(home, '--project', ours, 'import-qdpx', file);
    expect(r.status).toBe(EXIT.partial);
    expect(r.stdout).toContain('Imported 0 documents, 1 code, 0 code groups');
    expect(r.stdout).toContain('not carried over: “book.qdc”, line 5: a <Code> has no name, so it was left out.\n');
    expect(r.stdout).toContain(
      'not carried over: “book.qdc”, line 8: a <Set> has no name, so it was left out with everything inside it.\n',
    );
    writeFileSync(file, book.slice(0, book.indexOf('<MemberCode') + 20));
    expect(await quire(home, '--project', ours, 'merge', '--dry-run', file)).toMatchObject({
      status: EXIT.usage,
      stderr:
        'quire: “book.qdc” is not well-formed XML, so it was not read (line 8: the file ends in the middle of a <MemberCode>, with 4 elements left open; it may have been cut short).\n',
    });
  });
});

describe('codings to check', () => {
  it('lists the codings a file leaves in doubt, 20 of 200 and how many more; the import exits with 1', async () => {
    // 200 jurors' scores after two emoji: read in UTF-16 units or code points, each selected digit falls on a digit all the same.
    const lines = Array.from({ length: 200 }, (_, i) => `Juror ${i + 1}: 4 5 3 2`);
    const text = `Panel scores 🙂🙂\n${lines.join('\n')}\n`;
    const passages: Passage[] = lines.map((line) => ({
      quote: '5',
      after: `${line.slice(0, line.indexOf(':'))}: 4 `,
      code: 'Score',
    }));
    const home = tempDir();
    const ours = join(home, 'ours.quire');
    expect((await quire(home, '--project', ours, 'init', '--empty')).status).toBe(EXIT.ok);
    const file = join(home, 'panel.qdpx');
    writeFileSync(file, qdpxOf([{ convention: NVIVO_MAC, name: 'Scores', text, passages }]));

    // A dry run changes nothing and exits 0, as for anything it would leave out.
    const dry = await quire(home, '--project', ours, 'merge', '--dry-run', file);
    expect(dry.status).toBe(EXIT.ok);
    const note =
      'note: “Scores”: 200 codings may sit a few characters off their passage: nothing in the file shows how it counted emoji, so Quire placed them as the standard says (counting code points). Check them (listed under “Codings to check”).';
    expect(dry.stdout).toContain(note);
    const listed = dry.stdout.slice(dry.stdout.indexOf('Codings to check (')).split('\n');
    expect(listed[0]).toBe('Codings to check (200: they may sit a few characters off their passage):');
    // Placed as the standard says, each juror's 5 falls on their 3: the text around it says which juror.
    expect(listed.slice(1, 3)).toEqual([
      '  “Scores”, Score (Sam): …res 🙂🙂 Juror 1: 4 5 [3] 2 Juror 2: 4 5 3 2…',
      '  “Scores”, Score (Sam): …5 3 2 Juror 2: 4 5 [3] 2 Juror 3: 4 5 3 2…',
    ]);
    expect(listed[21]).toBe('  … and 180 more');
    expect(count(ours, 'SELECT count(*) FROM codings')).toBe(0);

    const imported = await quire(home, '--project', ours, 'import-qdpx', file);
    expect(imported.status).toBe(EXIT.partial);
    expect(imported.stdout).toContain(note);
    expect(imported.stdout).toContain(
      'Codings to check (200: they may sit a few characters off their passage):\n  “Scores”, Score (Sam): …res 🙂🙂 Juror 1: 4 5 [3] 2',
    );
    expect(imported.stdout.trimEnd().split('\n').at(-1)).toBe('  … and 180 more');
    expect(count(ours, 'SELECT count(*) FROM codings')).toBe(200);
  });
});
