import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { similarity } from '../../src/main/core/corpus/near-duplicates.ts';
import { call } from '../../src/main/core/engine.ts';
import { createTestProject, seedPath, tempDir } from '../helpers/project.ts';
import { SEED_TITLES } from '../helpers/seed-titles.ts';

describe('near-duplicates', () => {
  it('flags the same story from another outlet at import, naming the document already there', async () => {
    const p = await createTestProject();
    const wire = readFileSync(seedPath('002'), 'utf8');
    // The same story as another site ran it: its own furniture, a changed headline, a few words edited.
    const other = `Belarus may yet join Putin's war, Ukraine warns\nBy Staff and wire reports\n\n${wire.replace('The Washington Times', 'The Daily Example').replace(/Mr\. Putin/g, 'President Putin')}\nShare this article\n`;
    const dir = tempDir();
    writeFileSync(join(dir, 'wire-copy.txt'), other);
    // Another story on the same subject shares words, not passages.
    writeFileSync(
      join(dir, 'unrelated.txt'),
      'Lukashenka and Putin met again in Minsk on Monday. Belarusian troops stayed at home, the defence ministry said, while Russian units continued exercises near the Ukrainian border. Analysts in Kyiv expect more pressure on Minsk to join the war before spring.\n',
    );
    const report = await call(p, 'importFiles', { paths: [dir] });
    const copy = report.files.find((f) => f.path.endsWith('wire-copy.txt'))!;
    expect(copy.status).toBe('imported');
    expect(copy.similar).toEqual([{ documentId: 3, title: SEED_TITLES['002'], similarity: expect.any(Number) }]);
    expect(copy.similar![0]!.similarity).toBeGreaterThan(0.7);
    expect(report.files.find((f) => f.path.endsWith('unrelated.txt'))!.similar).toBeUndefined();
  });

  it('measures shared word sequences, so word order matters and case and accents do not', () => {
    expect(similarity('The quick brown fox jumps over the lazy dog', 'the QUICK brown fox jumps over the lázy dog')).toBe(1);
    expect(similarity('one two three four five six seven', 'seven six five four three two one')).toBe(0);
    expect(similarity('', 'anything at all here')).toBe(0);
  });
});

describe('deleting documents', () => {
  it('removes them with their codings and memos in one step that undo takes back', async () => {
    const p = await createTestProject();
    const code = await call(p, 'createCode', { name: 'Troops' });
    await call(p, 'applyCode', { documentId: 3, codeId: code.id, start: 100, end: 160 });
    await call(p, 'setMemo', { target: 'document', id: 3, text: 'Wire copy.' });
    const before = await call(p, 'getDocument', { id: 3 });
    expect(await call(p, 'deleteDocuments', { ids: [3] })).toEqual({ documents: 1, codings: 1 });
    await expect(call(p, 'getDocument', { id: 3 })).rejects.toThrow('There is no document 3 in this project.');
    expect((await call(p, 'search', { query: '"Mike Glenn"' })).total).toBe(0);
    expect((await call(p, 'getCodebook', {})).codes[0]!.codingCount).toBe(0);
    expect((await call(p, 'checkProject', {})).ok).toBe(true);
    expect((await call(p, 'history', { limit: 1 }))[0]!.description).toBe('Delete “Russia launched dozens of explosive-lad…”');
    await call(p, 'undo', {});
    expect(await call(p, 'getDocument', { id: 3 })).toEqual(before);
    expect((await call(p, 'listCodings', { documentId: 3 }))).toHaveLength(1);
    expect((await call(p, 'getMemo', { target: 'document', id: 3 }))?.mine?.text).toBe('Wire copy.');
    expect((await call(p, 'search', { query: '"Mike Glenn"' })).total).toBe(1);
  });
});
