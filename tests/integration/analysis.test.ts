import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { call } from '../../src/main/core/engine.ts';
import { openOrCreateProject } from '../../src/main/core/project.ts';
import { createTestProject, SEEDS_DIR, tempDir, recordState } from '../helpers/project.ts';

describe('a new project with the sample corpus', () => {
  it('starts with the starter codebook: the Belarus role stance group and a few themes, all editable', async () => {
    const p = await openOrCreateProject(join(tempDir(), 'new.quire'), { seedsDir: SEEDS_DIR });
    try {
      const book = await call(p, 'getCodebook', {});
      const role = book.groups.find((g) => g.name === 'Belarus role')!;
      expect(role.exclusive).toBe(true);
      expect(role.codeIds.map((id) => book.codes.find((c) => c.id === id)!.name)).toEqual([
        'Belarus neutral',
        'Belarus complicit',
        'Belarus co-belligerent',
      ]);
      expect(book.codes.map((c) => c.name)).toEqual(
        expect.arrayContaining(['Russian troops in Belarus', 'Public opinion in Belarus', 'Sanctions']),
      );
      expect(book.codes.every((c) => c.description.length > 0)).toBe(true);
      const renamed = await call(p, 'updateCode', { id: role.codeIds[0]!, name: 'Belarus as mediator' });
      expect(renamed.name).toBe('Belarus as mediator');
    } finally {
      p.db.close();
    }
  });
});

describe('retrieval', () => {
  it('pulls up every passage coded with the chosen codes, with its document and context', async () => {
    const p = await createTestProject();
    p.coder = 'ana';
    const code = await call(p, 'createCode', { name: 'Complicit' });
    const other = await call(p, 'createCode', { name: 'Other' });
    const hit = (await call(p, 'findInDocument', { id: 2, query: '"complicity of Belarus"' })).hits[0]!;
    await call(p, 'applyCode', { documentId: 2, codeId: code.id, start: hit[0], end: hit[1] });
    await call(p, 'applyCode', { documentId: 3, codeId: code.id, start: 200, end: 260 });
    await call(p, 'applyCode', { documentId: 3, codeId: other.id, start: 0, end: 10 });
    p.coder = 'ben';
    await call(p, 'applyCode', { documentId: 3, codeId: code.id, start: 300, end: 340 });

    const segments = await call(p, 'codedSegments', { codeIds: [code.id] });
    expect(segments.map((s) => [s.document.id, s.coding.coder])).toEqual([
      [2, 'ana'],
      [3, 'ana'],
      [3, 'ben'],
    ]);
    const first = segments[0]!;
    const body = (await call(p, 'getDocument', { id: 2 })).body;
    expect(first.code).toEqual({ id: code.id, name: 'Complicit', colour: code.colour });
    expect(body).toContain(`${first.before.replace(/^…/, '')}${first.coding.quote}${first.after.replace(/…$/, '')}`);
    expect(first.before.length).toBeGreaterThan(100);
    expect(
      (await call(p, 'codedSegments', { codeIds: [code.id], coders: ['ben'] })).map((s) => s.coding.start),
    ).toEqual([300]);
    expect(await call(p, 'codedSegments', { codeIds: [code.id, other.id], documentIds: [3] })).toHaveLength(3);
  });

  it('counts passages per code and document, and the share of text coded with overlaps counted once', async () => {
    const p = await createTestProject();
    const code = await call(p, 'createCode', { name: 'Troops' });
    await call(p, 'applyCode', { documentId: 1, codeId: code.id, start: 0, end: 100 });
    await call(p, 'applyCode', { documentId: 1, codeId: code.id, start: 50, end: 150 });
    await call(p, 'applyCode', { documentId: 1, codeId: code.id, start: 400, end: 410 });
    await call(p, 'applyCode', { documentId: 4, codeId: code.id, start: 0, end: 20 });
    const matrix = await call(p, 'codeMatrix', { codeIds: [code.id] });
    expect(matrix.documents).toHaveLength(5);
    const length1 = matrix.documents.find((d) => d.id === 1)!.charCount;
    expect(matrix.cells).toEqual([
      { codeId: code.id, documentId: 1, count: 3, coded: 160, share: 160 / length1 },
      {
        codeId: code.id,
        documentId: 4,
        count: 1,
        coded: 20,
        share: 20 / matrix.documents.find((d) => d.id === 4)!.charCount,
      },
    ]);
  });
});

describe('merging codes', () => {
  it('moves codings, children and memo into the target without doubling a passage, as one undoable step', async () => {
    const p = await createTestProject();
    const source = await call(p, 'createCode', { name: 'Kremlin pressure' });
    const target = await call(p, 'createCode', { name: 'Lukashenko and Putin' });
    const child = await call(p, 'createCode', { name: 'Visits', parentId: source.id });
    await call(p, 'applyCode', { documentId: 3, codeId: source.id, start: 10, end: 50 });
    await call(p, 'applyCode', { documentId: 3, codeId: target.id, start: 10, end: 50 }); // the same passage: merged, not doubled
    await call(p, 'applyCode', { documentId: 5, codeId: source.id, start: 0, end: 30 });
    await call(p, 'setMemo', { target: 'code', id: source.id, text: 'Pressure from Moscow.' });
    await call(p, 'setMemo', { target: 'code', id: target.id, text: 'The two leaders.' });
    const before = recordState(p);
    expect(await call(p, 'mergeCodes', { sourceId: source.id, targetId: target.id })).toEqual({
      moved: 1,
      merged: 1,
      notes: [],
    });
    const book = await call(p, 'getCodebook', {});
    expect(book.codes.find((c) => c.id === source.id)).toBeUndefined();
    expect(book.codes.find((c) => c.id === child.id)!.parentId).toBe(target.id);
    expect(book.codes.find((c) => c.id === target.id)!.codingCount).toBe(2);
    expect((await call(p, 'getMemo', { target: 'code', id: target.id }))!.mine!.text).toBe(
      'The two leaders.\n\nPressure from Moscow.',
    );
    await expect(call(p, 'mergeCodes', { sourceId: target.id, targetId: child.id })).rejects.toThrow(
      /cannot be merged into a code under it/,
    );
    await call(p, 'undo', {});
    expect(recordState(p)).toEqual(before);
  });
});

describe('auto-coding from a search', () => {
  it('previews, then codes every hit or every sentence with a hit, as one undoable step', async () => {
    const p = await createTestProject();
    const code = await call(p, 'createCode', { name: 'Lukashenka spelling' });
    const preview = await call(p, 'autoCode', { query: 'Lukashenka', codeId: code.id, unit: 'hit', preview: true });
    expect(preview).toEqual({ documents: 2, passages: 20, added: 20, conflicts: 0, notes: [] });
    expect((await call(p, 'codeMatrix', { codeIds: [code.id] })).cells).toEqual([]);
    expect(await call(p, 'autoCode', { query: 'Lukashenka', codeId: code.id, unit: 'hit' })).toEqual(preview);
    const quotes = (await call(p, 'codedSegments', { codeIds: [code.id] })).map((s) => s.coding.quote);
    expect(new Set(quotes)).toEqual(new Set(['Lukashenka']));
    expect((await call(p, 'autoCode', { query: 'Lukashenka', codeId: code.id, unit: 'hit' })).added).toBe(0);
    await call(p, 'undo', {});
    expect(await call(p, 'codedSegments', { codeIds: [code.id] })).toEqual([]);

    const sentences = await call(p, 'autoCode', { query: 'Grodno', codeId: code.id, unit: 'sentence' });
    expect(sentences).toMatchObject({ documents: 1, added: 1 });
    const [sentence] = await call(p, 'codedSegments', { codeIds: [code.id] });
    expect(sentence!.coding.quote).toBe(
      'For the first time since the beginning of the large-scale invasion of Ukraine, Vladimir Putin will travel to the Belarusian city of Grodno, where he will meet with the self-proclaimed president of Belarus, Alexander Lukashenko.',
    );
  });

  it('takes a whole sentence across a hard line break inside it, but not across a headline’s', async () => {
    const p = await createTestProject();
    const code = await call(p, 'createCode', { name: 'Sanctions' });
    await call(p, 'autoCode', { query: 'sanctions', codeId: code.id, unit: 'sentence' });
    const quotes = (await call(p, 'codedSegments', { codeIds: [code.id] })).map((s) => s.coding.quote);
    // 001 is hard-wrapped after "issued a"; the sentence is the whole of it.
    expect(quotes).toContain(
      'The European Union issued a\nstatement calling the Lukashenka regime an accomplice to the aggression sharing responsibility for what is happening in Ukraine and imposed corresponding sanctions on Minsk.',
    );
    // A headline ends its line without a full stop, but the next line starts a new sentence.
    const text = 'Sanctions bite\nThe EU imposed new sanctions\non Belarus in March. More may follow.\n';
    const { files } = await call(p, 'importUploads', {
      files: [{ name: 'wrapped.txt', base64: Buffer.from(text).toString('base64') }],
    });
    const documentId = files[0]!.documentId!;
    await call(p, 'autoCode', { query: 'sanctions', codeId: code.id, unit: 'sentence', documentIds: [documentId] });
    const wrapped = (await call(p, 'codedSegments', { codeIds: [code.id], documentIds: [documentId] })).map(
      (s) => s.coding.quote,
    );
    expect(wrapped).toEqual(['Sanctions bite', 'The EU imposed new sanctions\non Belarus in March.']);
  });
});
