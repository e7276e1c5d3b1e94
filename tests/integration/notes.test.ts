// The project journal and free memos: written, linked, listed with the memos
// on documents, codes and passages, searched as search folds words, changed
// only by their writer, and every change one undoable step.
import { describe, expect, it } from 'vitest';
import { call } from '../../src/main/core/engine.ts';
import type { ProjectHandle } from '../../src/main/core/project.ts';
import { countCodePoints, toCodePointOffset } from '../../src/shared/codepoints.ts';
import { createTestProject } from '../helpers/project.ts';

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
  const quote = body.split(/(?<=\.)\s+/).find((s) => s.length > 40)!.trim();
  const coding = await codeQuote(p, doc.id, code.id, quote);
  return { p, code, doc, coding, quote };
}

describe('the journal and free memos', () => {
  it('keeps dated journal entries, newest first, named by their first line', async () => {
    const { p } = await seeded();
    const first = await call(p, 'createNote', { kind: 'journal', text: 'Sampling: five articles from 2022.\nMore later.' });
    const second = await call(p, 'createNote', { kind: 'journal', text: 'Codebook revised after the pilot.' });
    expect(first).toMatchObject({ kind: 'journal', title: 'Sampling: five articles from 2022.', coder: 'Anna', mine: true, links: [] });
    const journal = await call(p, 'listNotes', { kind: 'journal' });
    expect(journal.notes.map((n) => n.id)).toEqual([second.id, first.id]);
    expect(journal.memos).toEqual([]);
    await expect(call(p, 'createNote', { kind: 'journal', text: '   ' })).rejects.toMatchObject({ code: 'invalid_input', message: 'A journal entry needs some text.' });
  });

  it('links a memo to documents, codes and passages, and lists it with the memos written on them', async () => {
    const { p, code, doc, coding, quote } = await seeded();
    await call(p, 'setMemo', { target: 'code', id: code.id, text: 'Complicity needs a named source.' });
    const memo = await call(p, 'createNote', {
      kind: 'memo',
      title: 'Who says Belarus is complicit?',
      text: 'Compare the outlets.',
      links: [{ type: 'document', id: doc.id }, { type: 'code', id: code.id }, { type: 'coding', id: coding.id }, { type: 'code', id: code.id }],
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
    expect(onCode.memos).toEqual([expect.objectContaining({ target: 'code', id: code.id, label: 'Belarus complicit', text: 'Complicity needs a named source.', coder: 'Anna' })]);
    // A link to something that is not there is refused in words.
    await expect(call(p, 'createNote', { kind: 'memo', text: 'x', links: [{ type: 'code', id: 999 }] })).rejects.toMatchObject({ code: 'not_found', message: 'The memo cannot be linked to that code: it no longer exists.' });
  });

  it('searches titles, texts and what they are linked to, folding case and accents as search does', async () => {
    const { p, doc } = await seeded();
    await call(p, 'createNote', { kind: 'memo', title: 'Spelling', text: 'Lukašenka, Lukashenko and Lukashenkko are one man.' });
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
    const memo = await call(p, 'createNote', { kind: 'memo', title: 'Draft', text: 'v1', links: [{ type: 'document', id: doc.id }] });
    const changed = await call(p, 'updateNote', { id: memo.id, title: 'Final', text: 'v2', links: [{ type: 'code', id: code.id }] });
    expect([changed.title, changed.text, changed.links.map((l) => l.type)]).toEqual(['Final', 'v2', ['code']]);
    expect((await call(p, 'undo', {})).undone.description).toBe('Edit the memo “Draft”');
    const back = (await call(p, 'listNotes', {})).notes[0]!;
    expect([back.title, back.text, back.links.map((l) => l.id)]).toEqual(['Draft', 'v1', [doc.id]]);

    await call(p, 'deleteDocuments', { ids: [doc.id] });
    expect((await call(p, 'listNotes', {})).notes[0]!.links).toEqual([{ type: 'document', id: null, documentId: null, label: 'a document since deleted' }]);
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
    await expect(call(p, 'deleteNote', { id: entry.id })).rejects.toMatchObject({ message: expect.stringContaining('only its writer can delete it') });
    expect((await call(p, 'listNotes', {})).notes[0]!.text).toBe('Anna’s decision log.');
  });
});
