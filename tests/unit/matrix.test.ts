import { describe, expect, it } from 'vitest';
import { call } from '../../src/main/core/engine.ts';
import { groupMatrix } from '../../src/shared/matrix.ts';
import { createTestProject } from '../helpers/project.ts';
import { outletTypes } from '../helpers/attributes.ts';

describe('the matrix grouped by a document variable', () => {
  it('adds up passages per source, year or author, with the share of the group’s text', async () => {
    const p = await createTestProject();
    const code = await call(p, 'createCode', { name: 'Troops' });
    await call(p, 'updateDocument', { id: 1, source: 'Asia Times', published: '2022-03-01' });
    await call(p, 'updateDocument', { id: 2, source: 'Asia Times', published: '2022-06-01' });
    for (const [documentId, start] of [
      [1, 0],
      [2, 0],
      [2, 100],
      [3, 0],
    ] as const)
      await call(p, 'applyCode', { documentId, codeId: code.id, start, end: start + 50 });
    const m = await call(p, 'codeMatrix', { codeIds: [code.id] });
    const chars = Object.fromEntries(m.documents.map((d) => [d.id, d.charCount]));

    const bySource = groupMatrix(m, 'source');
    expect(bySource.columns.map((c) => [c.label, c.documentIds])).toEqual([
      ['Asia Times', [1, 2]],
      ['The Washington Times', [3]],
      ['No source', [4, 5]],
    ]);
    expect(bySource.cell(code.id, bySource.columns[0]!)).toEqual({
      count: 3,
      coded: 150,
      share: 150 / (chars[1]! + chars[2]!),
    });
    expect(bySource.cell(code.id, bySource.columns[2]!)).toBeNull();

    const byYear = groupMatrix(m, 'year');
    expect(byYear.columns.map((c) => [c.label, c.documentIds.length])).toEqual([
      ['2022', 4],
      ['No date', 1],
    ]);
    expect(byYear.cell(code.id, byYear.columns[0]!)?.count).toBe(4);

    const byDocument = groupMatrix(m, 'document');
    expect(byDocument.columns.map((c) => c.documentIds)).toEqual([[1], [2], [3], [4], [5]]);
    expect(byDocument.cell(code.id, byDocument.columns[1]!)).toMatchObject({ count: 2, coded: 100 });
  });

  it('groups the columns by a document attribute’s values, in the order of its choices, documents without one last', async () => {
    const p = await createTestProject();
    const code = await call(p, 'createCode', { name: 'Troops' });
    for (const documentId of [1, 2, 3]) await call(p, 'applyCode', { documentId, codeId: code.id, start: 0, end: 50 });
    const outlet = await outletTypes(p);
    const m = await call(p, 'codeMatrix', { codeIds: [code.id] });
    const byOutlet = groupMatrix(m, `attribute:${outlet.id}`);
    expect(byOutlet.columns.map((c) => [c.label, c.documentIds])).toEqual([
      ['state', [2]],
      ['independent', [1, 3]],
      ['No Outlet type', [4, 5]],
    ]);
    expect(byOutlet.cell(code.id, byOutlet.columns[1]!)?.count).toBe(2);
  });
});
