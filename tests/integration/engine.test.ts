import { describe, expect, it } from 'vitest';
import { call, engineMethodNames, loadHandlers } from '../../src/main/core/engine.ts';
import { contract } from '../../src/shared/api.ts';
import { methodNames } from '../../src/shared/api.ts';
import { createTestProject } from '../helpers/project.ts';

const b64 = (s: string | Uint8Array) => Buffer.from(s).toString('base64');

describe('the engine behind the contract', () => {
  it('has exactly one handler for every contract method, and the preload knows every name', async () => {
    const handlers = await loadHandlers();
    expect(Object.values(handlers).every((h) => typeof h === 'function')).toBe(true);
    expect(Object.keys(handlers).sort()).toEqual(Object.keys(contract).sort());
    expect([...methodNames].sort()).toEqual(Object.keys(contract).sort());
    // The names the engine knows before it loads a domain's schemas are the contract's.
    expect(engineMethodNames().sort()).toEqual(Object.keys(contract).sort());
  });

  it('finds where a query matches in any one document, in code points', async () => {
    const project = await createTestProject();
    const found = await call(project, 'findInDocument', { id: 3, query: 'Lukashenko~' });
    expect(found.hits).toHaveLength(11);
    const body = [...(await call(project, 'getDocument', { id: 3 })).body];
    for (const [a, b] of found.hits) expect(body.slice(a, b).join('')).toMatch(/^Lukashenk(o|ko)$/);
    expect(await call(project, 'findInDocument', { id: 1, query: 'Grodno' })).toEqual({ titleHits: [], hits: [] });
    expect(await call(project, 'findInDocument', { id: 4, query: '' })).toEqual({ titleHits: [], hits: [] });
    expect((await call(project, 'findInDocument', { id: 4, query: 'title:Lukashenka' })).titleHits).toEqual([[14, 24]]);
  });

  it('imports uploaded files by name, each reported like a file from disk', async () => {
    const project = await createTestProject({ seeds: false });
    const report = await call(project, 'importUploads', {
      files: [
        { name: 'minsk.txt', base64: b64('Minsk talks resumed on Monday.\n') },
        { name: 'note.md', base64: b64('# Grodno\n\nA short note.\n') },
        { name: 'photo.jpg', base64: b64('jpeg?') },
        { name: 'empty.txt', base64: '' },
        { name: 'again.txt', base64: b64('Minsk talks resumed on Monday.\n') },
      ],
    });
    expect(report).toMatchObject({ imported: 2, duplicates: 1, failed: 2 });
    expect(report.files.map((f) => [f.path, f.status])).toEqual([
      ['minsk.txt', 'imported'],
      ['note.md', 'imported'],
      ['photo.jpg', 'failed'],
      ['empty.txt', 'failed'],
      ['again.txt', 'duplicate'],
    ]);
    const doc = await call(project, 'getDocument', { id: report.files[1]!.documentId! });
    expect(doc).toMatchObject({ filename: 'note.md', path: null, title: 'Grodno', body: 'Grodno\n\nA short note.' });
  });

  it('counts each document’s placed codings in its summary', async () => {
    const project = await createTestProject();
    const code = await call(project, 'createCode', { name: 'x' });
    await call(project, 'applyCode', { documentId: 2, codeId: code.id, start: 0, end: 10 });
    await call(project, 'applyCode', { documentId: 2, codeId: code.id, start: 20, end: 30 });
    const counts = (await call(project, 'listDocuments', {})).documents.map((d) => d.codingCount);
    expect(counts).toEqual([0, 2, 0, 0, 0]);
    expect((await call(project, 'search', { query: 'Zyabrovka' })).results[0]!.document.codingCount).toBe(2);
  });

  it('filters the library by text in title, file name, source or author, taking % and _ literally', async () => {
    const project = await createTestProject();
    const ids = async (text: string) => (await call(project, 'listDocuments', { text })).documents.map((d) => d.id);
    expect(await ids('washington')).toEqual([3]);
    expect(await ids('HIGGINS')).toEqual([5]);
    expect(await ids('004_')).toEqual([5]);
    expect(await ids('%')).toEqual([]);
    expect(await ids('_')).toEqual([1, 2, 3, 4, 5]);
    expect(await ids('  ')).toEqual([1, 2, 3, 4, 5]);
  });
});
