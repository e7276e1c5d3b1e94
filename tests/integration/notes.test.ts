// The project journal and free memos: written, linked, listed with the memos
// on documents, codes and passages, searched as search folds words, changed
// only by their writer, and every change one undoable step.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { coderId } from '../../src/main/core/coding/coders.ts';
import { call } from '../../src/main/core/engine.ts';
import { importRefiQda } from '../../src/main/core/exchange/import.ts';
import { projectQdpx } from '../../src/main/core/exchange/qdpx-export.ts';
import { everyone } from '../../src/main/core/viewer.ts';
import type { ProjectHandle } from '../../src/main/core/project.ts';
import { countCodePoints, toCodePointOffset } from '../../src/shared/codepoints.ts';
import { openProject } from '../../src/main/core/db/open.ts';
import { createTestProject, ROOT, SEEDS_DIR, tempDir } from '../helpers/project.ts';

async function codeQuote(p: ProjectHandle, documentId: number, codeId: number, quote: string) {
  const body = (await call(p, 'getDocument', { id: documentId })).body;
  const at = body.indexOf(quote);
  expect(at, `“${quote}” in document ${documentId}`).toBeGreaterThanOrEqual(0);
  const start = toCodePointOffset(body, at);
  return (await call(p, 'applyCode', { documentId, codeId, start, end: start + countCodePoints(quote) })).coding;
}

async function seeded() {
  const p = await createTestProject();
  p.coder = 'Anna';
  const code = await call(p, 'createCode', { name: 'Belarus complicit' });
  const doc = (await call(p, 'listDocuments', {})).documents[0]!;
  const body = (await call(p, 'getDocument', { id: doc.id })).body;
  const quote = body
    .split(/(?<=\.)\s+/)
    .find((s) => s.length > 40)!
    .trim();
  const coding = await codeQuote(p, doc.id, code.id, quote);
  return { p, code, doc, coding, quote };
}

describe('the journal and free memos', () => {
  it('keeps dated journal entries, newest first, named by their first line', async () => {
    const { p } = await seeded();
    const first = await call(p, 'createNote', {
      kind: 'journal',
      text: 'Sampling: five articles from 2022.\nMore later.',
    });
    const second = await call(p, 'createNote', { kind: 'journal', text: 'Codebook revised after the pilot.' });
    expect(first).toMatchObject({
      kind: 'journal',
      title: 'Sampling: five articles from 2022.',
      coder: 'Anna',
      mine: true,
      links: [],
    });
    const journal = await call(p, 'listNotes', { kind: 'journal' });
    expect(journal.notes.map((n) => n.id)).toEqual([second.id, first.id]);
    expect(journal.memos).toEqual([]);
    await expect(call(p, 'createNote', { kind: 'journal', text: '   ' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'A journal entry needs some text.',
    });
  });

  it('links a memo to documents, codes and passages, and lists it with the memos written on them', async () => {
    const { p, code, doc, coding, quote } = await seeded();
    await call(p, 'setMemo', { target: 'code', id: code.id, text: 'Complicity needs a named source.' });
    const memo = await call(p, 'createNote', {
      kind: 'memo',
      title: 'Who says Belarus is complicit?',
      text: 'Compare the outlets.',
      links: [
        { type: 'document', id: doc.id },
        { type: 'code', id: code.id },
        { type: 'coding', id: coding.id },
        { type: 'code', id: code.id },
      ],
    });
    // The same link given twice is kept once; each says what it points at, in the user's words.
    expect(memo.links.map((l) => [l.type, l.id, l.documentId])).toEqual([
      ['document', doc.id, doc.id],
      ['code', code.id, null],
      ['coding', coding.id, doc.id],
    ]);
    expect(memo.links[1]!.label).toBe('Belarus complicit');
    expect(memo.links[2]!.label).toContain(`“${quote.slice(0, 20)}`);
    expect(memo.links[2]!.label).toContain('(Belarus complicit, in ');
    // One place: the free memo and the memo on the code, both found from the code.
    const onCode = await call(p, 'listNotes', { linkedTo: { type: 'code', id: code.id } });
    expect(onCode.notes.map((n) => n.title)).toEqual(['Who says Belarus is complicit?']);
    expect(onCode.memos).toEqual([
      expect.objectContaining({
        target: 'code',
        id: code.id,
        label: 'Belarus complicit',
        text: 'Complicity needs a named source.',
        coder: 'Anna',
      }),
    ]);
    // A link to something that is not there is refused in words.
    await expect(
      call(p, 'createNote', { kind: 'memo', text: 'x', links: [{ type: 'code', id: 999 }] }),
    ).rejects.toMatchObject({
      code: 'not_found',
      message: 'The memo cannot be linked to that code: it no longer exists.',
    });
  });

  it('searches titles, texts and what they are linked to, folding case and accents as search does', async () => {
    const { p, doc } = await seeded();
    await call(p, 'createNote', {
      kind: 'memo',
      title: 'Spelling',
      text: 'Lukašenka, Lukashenko and Lukashenkko are one man.',
    });
    await call(p, 'createNote', { kind: 'journal', text: 'Nothing about him.' });
    await call(p, 'setMemo', { target: 'document', id: doc.id, text: 'ЛУКАШЕНКА quoted twice here.' });
    expect((await call(p, 'listNotes', { query: 'lukasenka' })).notes.map((n) => n.title)).toEqual(['Spelling']);
    expect((await call(p, 'listNotes', { query: 'лукашенка' })).memos.map((m) => m.target)).toEqual(['document']);
    // Every word must be there (as the start of a word).
    expect((await call(p, 'listNotes', { query: 'one man' })).notes).toHaveLength(1);
    expect((await call(p, 'listNotes', { query: 'one woman' })).notes).toHaveLength(0);
  });

  it('changes, relinks and deletes as single undoable steps; a link to a deleted document says so and comes back with it', async () => {
    const { p, code, doc } = await seeded();
    const memo = await call(p, 'createNote', {
      kind: 'memo',
      title: 'Draft',
      text: 'v1',
      links: [{ type: 'document', id: doc.id }],
    });
    const changed = await call(p, 'updateNote', {
      id: memo.id,
      title: 'Final',
      text: 'v2',
      links: [{ type: 'code', id: code.id }],
    });
    expect([changed.title, changed.text, changed.links.map((l) => l.type)]).toEqual(['Final', 'v2', ['code']]);
    expect((await call(p, 'undo', {})).undone!.description).toBe('Edit the memo “Draft”');
    const back = (await call(p, 'listNotes', {})).notes[0]!;
    expect([back.title, back.text, back.links.map((l) => l.id)]).toEqual(['Draft', 'v1', [doc.id]]);

    await call(p, 'deleteDocuments', { ids: [doc.id] });
    expect((await call(p, 'listNotes', {})).notes[0]!.links).toEqual([
      { type: 'document', id: null, documentId: null, label: 'a document since deleted' },
    ]);
    await call(p, 'undo', {});
    expect((await call(p, 'listNotes', {})).notes[0]!.links[0]).toMatchObject({ type: 'document', id: doc.id });

    expect(await call(p, 'deleteNote', { id: memo.id })).toEqual({ deleted: 'Draft' });
    expect((await call(p, 'listNotes', {})).notes).toEqual([]);
    expect(p.db.prepare('SELECT count(*) FROM note_links').pluck().get()).toBe(0);
    await call(p, 'undo', {});
    expect((await call(p, 'listNotes', {})).notes.map((n) => [n.title, n.links.length])).toEqual([['Draft', 1]]);
  });

  it('lets only the writer change a note, and says whose it is', async () => {
    const { p } = await seeded();
    const entry = await call(p, 'createNote', { kind: 'journal', text: 'Anna’s decision log.' });
    p.coder = 'Ben';
    const seen = (await call(p, 'listNotes', {})).notes[0]!;
    expect([seen.coder, seen.mine]).toEqual(['Anna', false]);
    await expect(call(p, 'updateNote', { id: entry.id, text: 'Ben was here' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'The journal entry “Anna’s decision log.” is Anna’s: only its writer can change it.',
    });
    await expect(call(p, 'deleteNote', { id: entry.id })).rejects.toMatchObject({
      message: expect.stringContaining('only its writer can delete it'),
    });
    expect((await call(p, 'listNotes', {})).notes[0]!.text).toBe('Anna’s decision log.');
  });

  it('travel in a .qdpx as Notes the schema accepts, referred to by what they are linked to, and come back as journal and memos', async () => {
    const { p, code, doc, coding } = await seeded();
    await call(p, 'createNote', { kind: 'journal', text: 'Day one: read all five.' });
    await call(p, 'createNote', {
      kind: 'memo',
      title: 'Who says so?',
      text: 'Compare.',
      links: [
        { type: 'document', id: doc.id },
        { type: 'code', id: code.id },
        { type: 'coding', id: coding.id },
      ],
    });
    const out = projectQdpx(p.db, { name: 'notes', viewer: everyone() });
    const qde = strFromU8(unzipSync(out.bytes)['project.qde']!);
    const schema = readFileSync(join(ROOT, '..', 'shared', 'refi-qda', 'Project-mrt2019.xsd'), 'utf8');
    const valid = await validateXML({
      xml: [{ fileName: 'project.qde', contents: qde }],
      schema: [{ fileName: 'Project-mrt2019.xsd', contents: schema }],
    });
    expect(valid.errors.map((e) => e.message)).toEqual([]);
    const memoGuid = p.db.prepare("SELECT guid FROM notes WHERE kind = 'memo'").pluck().get() as string;
    // The memo is one Note, referred to from the source, the code and the selection.
    expect(qde.match(new RegExp(`<NoteRef targetGUID="${memoGuid}"/>`, 'g'))).toHaveLength(3);
    expect(qde).toContain('<Description>Quire journal entry</Description>');
    // The project refers to its journal, as NVivo and MAXQDA refer to project memos.
    const journalGuid = p.db.prepare("SELECT guid FROM notes WHERE kind = 'journal'").pluck().get() as string;
    expect(qde).toMatch(new RegExp(`<NoteRef targetGUID="${journalGuid}"/>\\s*</Project>`));

    const q = await createTestProject({ seeds: false });
    const report = await importRefiQda(q.db, coderId(q.db, 'importer'), { name: 'notes.qdpx', bytes: out.bytes });
    expect(report.notes.join(' ')).toContain(
      '2 memos that stand on their own (“Day one: read all five.”, “Who says so?”) are added to the journal and memos.',
    );
    q.coder = 'importer';
    const back = await call(q, 'listNotes', {});
    const memo = back.notes.find((n) => n.kind === 'memo')!;
    expect(memo).toMatchObject({ title: 'Who says so?', text: 'Compare.', coder: 'Anna' });
    // Each link names its target as this project shows it.
    const named = (await call(q, 'listDocuments', {})).documents.find((d) => d.id === memo.links[0]!.id)!.displayTitle;
    expect(memo.links.map((l) => [l.type, l.label.slice(0, 12)])).toEqual([
      ['document', named.slice(0, 12)],
      ['code', 'Belarus comp'],
      ['coding', expect.stringMatching(/^“/)],
    ]);
    expect(back.notes.find((n) => n.kind === 'journal')).toMatchObject({
      text: 'Day one: read all five.',
      coder: 'Anna',
      links: [],
    });
    // Nothing became a memo on the document, code or passage: the memo stands on its own, linked.
    expect(back.memos).toEqual([]);
    // The same file again adds nothing twice.
    const again = await importRefiQda(q.db, coderId(q.db, 'importer'), { name: 'notes.qdpx', bytes: out.bytes });
    expect(again.notes.join(' ')).toContain(
      '2 journal entries and memos of the file are here already and were left as they are.',
    );
    expect((await call(q, 'listNotes', {})).notes).toHaveLength(2);
  });

  it('keeps a note another program attached to nothing (a free memo) instead of dropping it', async () => {
    const qde = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="maxqda" origin="MAXQDA 24">
  <Users><User guid="11111111-1111-1111-1111-111111111111" name="Olena"/></Users>
  <Notes>
    <Note guid="22222222-2222-2222-2222-222222222222" name="Free memo: sampling" creatingUser="11111111-1111-1111-1111-111111111111" creationDateTime="2022-05-02T10:00:00Z">
      <PlainTextContent>Only outlets with a Minsk bureau.</PlainTextContent>
    </Note>
    <Note guid="33333333-3333-3333-3333-333333333333" name="Empty">
      <PlainTextContent>   </PlainTextContent>
    </Note>
    <Note guid="44444444-4444-4444-4444-444444444444" name="Project memo" creatingUser="11111111-1111-1111-1111-111111111111" creationDateTime="2022-05-01T09:00:00Z">
      <PlainTextContent>Stance coding of Belarusian outlets.</PlainTextContent>
    </Note>
  </Notes>
  <Description>Pilot study, spring 2022.</Description>
  <NoteRef targetGUID="44444444-4444-4444-4444-444444444444"/>
</Project>`;
    const q = await createTestProject({ seeds: false });
    const report = await importRefiQda(q.db, coderId(q.db, 'importer'), {
      name: 'm.qdpx',
      bytes: zipSync({ 'project.qde': strToU8(qde) }),
    });
    expect(report.notes.join(' ')).toContain(
      '3 memos that stand on their own (“Free memo: sampling”, “Project memo”, “Project description (maxqda)”) are added to the journal and memos.',
    );
    expect(report.skipped.join(' ')).not.toMatch(/Free memo|description/);
    q.coder = 'importer';
    // The project's own memo and description are its journal (newest first: the description is dated by the import); the memo attached to nothing a free memo.
    expect((await call(q, 'listNotes', {})).notes.map((n) => [n.kind, n.title, n.text, n.coder, n.createdAt])).toEqual([
      ['journal', 'Project description (maxqda)', 'Pilot study, spring 2022.', 'importer', expect.any(String)],
      ['memo', 'Free memo: sampling', 'Only outlets with a Minsk bureau.', 'Olena', '2022-05-02T10:00:00.000Z'],
      ['journal', 'Project memo', 'Stance coding of Belarusian outlets.', 'Olena', '2022-05-01T09:00:00.000Z'],
    ]);
    // Imported again, nothing is added twice.
    const again = await importRefiQda(q.db, coderId(q.db, 'importer'), {
      name: 'm.qdpx',
      bytes: zipSync({ 'project.qde': strToU8(qde) }),
    });
    expect(again.notes.join(' ')).toContain('3 journal entries and memos of the file are here already');
  });

  it('are a section of the report in every format: the journal, and the memos about what the report covers', async () => {
    const { p, doc } = await seeded();
    const other = (await call(p, 'listDocuments', {})).documents.find((d) => d.id !== doc.id)!;
    await call(p, 'createNote', { kind: 'journal', text: 'Coding rule: a denial\nis not evidence.' });
    await call(p, 'createNote', {
      kind: 'memo',
      title: 'On this article',
      text: 'Its byline is odd.',
      links: [{ type: 'document', id: doc.id }],
    });
    await call(p, 'createNote', {
      kind: 'memo',
      title: 'On another article',
      text: 'Skip.',
      links: [{ type: 'document', id: other.id }],
    });
    const text = async (format: 'html' | 'md', include = {}) =>
      Buffer.from((await call(p, 'exportFile', { format, documentIds: [doc.id], include })).base64!, 'base64').toString(
        'utf8',
      );
    const html = await text('html');
    expect(html).toContain('<h2>Journal and memos</h2>');
    expect(html).toContain('<div class="note-text">Coding rule: a denial\nis not evidence.</div>');
    expect(html).toMatch(/Memo by Anna, \d{4}-\d\d-\d\d; about “[^”]+”/);
    expect(html).not.toContain('On another article');
    const md = await text('md');
    expect(md).toContain('## Journal and memos\n\n### Coding rule: a denial\n\n*Journal entry by Anna, ');
    expect(md).toContain('### On this article');
    expect(md).not.toContain('On another article');
    // The contents list it; without memos there is no such section.
    expect(html).toMatch(/href="#journal"/);
    expect(await text('html', { memos: false })).not.toContain('Journal and memos');
    const docx = await call(p, 'exportFile', { format: 'docx', documentIds: [doc.id] });
    const xml = strFromU8(unzipSync(Buffer.from(docx.base64!, 'base64'))['word/document.xml']!);
    expect(xml).toContain('Journal and memos');
    expect(xml).toContain('Its byline is odd.');
  });

  it('come along when a colleague’s project is merged, linked to the same documents and passages', async () => {
    const path = join(tempDir(), 'anna.quire');
    const a: ProjectHandle = { db: openProject(path, { create: true }), path, coder: 'Anna' };
    await call(a, 'importFiles', { paths: [SEEDS_DIR] });
    const code = await call(a, 'createCode', { name: 'Belarus complicit' });
    const doc = (await call(a, 'listDocuments', {})).documents[0]!;
    const quote = (await call(a, 'getDocument', { id: doc.id })).body.slice(0, 40);
    const coding = await codeQuote(a, doc.id, code.id, quote);
    await call(a, 'createNote', { kind: 'journal', text: 'Anna: pilot done.' });
    await call(a, 'createNote', {
      kind: 'memo',
      title: 'Anna’s memo',
      text: 'About this passage.',
      links: [{ type: 'coding', id: coding.id }],
    });
    a.db.close();

    const b = await createTestProject();
    b.coder = 'Ben';
    const summary = await call(b, 'mergeProject', { path });
    expect(summary.notes.join(' ')).toContain('2 memos that stand on their own');
    const notes = (await call(b, 'listNotes', {})).notes;
    expect(notes.map((n) => [n.kind, n.title, n.coder])).toEqual([
      ['memo', 'Anna’s memo', 'Anna'],
      ['journal', 'Anna: pilot done.', 'Anna'],
    ]);
    // The link is to the same passage, now in this project.
    const link = notes[0]!.links[0]!;
    expect(link.type).toBe('coding');
    expect(
      (await call(b, 'listCodings', { documentId: link.documentId! })).find((k) => k.id === link.id),
    ).toMatchObject({ quote, coder: 'Anna' });
  });
});
