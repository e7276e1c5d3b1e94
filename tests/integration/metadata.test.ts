import { describe, expect, it } from 'vitest';
import { call } from '../../src/main/core/engine.ts';
import { createTestProject } from '../helpers/project.ts';

describe('editing a document’s details', () => {
  it('corrects title, source, author and date; search, filters and the library follow; undo puts them back', async () => {
    const p = await createTestProject();
    const before = await call(p, 'getDocument', { id: 2 });
    expect(before).toMatchObject({ title: null, source: null, published: null });
    const after = await call(p, 'updateDocument', {
      id: 2,
      title: 'Why Minsk stays out',
      source: 'Carnegie Politika',
      author: 'Artyom Shraibman',
      published: '2022-12-20',
    });
    expect(after).toMatchObject({
      title: 'Why Minsk stays out',
      displayTitle: 'Why Minsk stays out',
      source: 'Carnegie Politika',
      author: 'Artyom Shraibman',
      published: '2022-12-20',
    });
    expect(after.body).toBe(before.body);
    expect((await call(p, 'search', { query: 'title:minsk' })).results.map((r) => r.document.id)).toEqual([2]);
    expect(
      (await call(p, 'search', { query: 'source:carnegie Lukashenka' })).results.map((r) => r.document.id),
    ).toEqual([2]);
    expect((await call(p, 'listDocuments', { source: 'Carnegie Politika' })).documents.map((d) => d.id)).toEqual([2]);
    expect((await call(p, 'projectInfo', {})).sources).toContainEqual({ source: 'Carnegie Politika', documents: 1 });
    // An empty field clears it.
    expect((await call(p, 'updateDocument', { id: 2, author: '' })).author).toBeNull();
    await call(p, 'undo', {});
    await call(p, 'undo', {});
    expect(await call(p, 'getDocument', { id: 2 })).toEqual(before);
    expect((await call(p, 'search', { query: 'title:minsk' })).total).toBe(0);
    expect((await call(p, 'checkProject', {})).ok).toBe(true);
  });

  it('refuses a date or address that is not one, saying what it wants', async () => {
    const p = await createTestProject();
    await expect(call(p, 'updateDocument', { id: 2, published: '19/12/2022' })).rejects.toThrow(
      /published: give a date as YYYY, YYYY-MM or YYYY-MM-DD/,
    );
    await expect(call(p, 'updateDocument', { id: 2, url: 'javascript:alert(1)' })).rejects.toThrow(
      /url: an address starting with http/,
    );
    await expect(call(p, 'updateDocument', { id: 99, title: 'x' })).rejects.toThrow(
      'There is no document 99 in this project.',
    );
    expect((await call(p, 'history', {})).filter((h) => h.command === 'updateDocument')).toEqual([]);
  });
});
