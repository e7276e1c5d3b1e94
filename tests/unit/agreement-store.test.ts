// The Agreement tab's store against the real engine: default coders, what it
// says when there is nothing to compare, and a settle reloading the list and
// the reader's codings.
import { describe, expect, it } from 'vitest';
import { call } from '../../src/main/core/engine.ts';
import { RootStore } from '../../src/renderer/src/stores/RootStore.ts';
import { engineClient } from '../helpers/client.ts';
import { createTestProject } from '../helpers/project.ts';

async function project() {
  const p = await createTestProject();
  p.coder = 'ana';
  const x = await call(p, 'createCode', { name: 'X' });
  await call(p, 'applyCode', { documentId: 1, codeId: x.id, start: 0, end: 100 });
  return { p, x };
}

describe('the agreement store', () => {
  it('says what is missing while fewer than two coders have codings', async () => {
    const { p } = await project();
    const root = new RootStore(engineClient(p));
    await root.agreement.refresh();
    expect(root.agreement.problem).toMatch(/^Agreement needs codings by at least two coders\./);
    expect(root.agreement.result).toBeNull();
    expect(root.agreement.exportChoice).toBeUndefined();
  });

  it('compares the two coders with the most codings, and a settle reloads the list and the document’s codings', async () => {
    const { p, x } = await project();
    p.coder = 'ben';
    await call(p, 'applyCode', { documentId: 1, codeId: x.id, start: 50, end: 100 });
    await call(p, 'applyCode', { documentId: 1, codeId: x.id, start: 500, end: 600 });
    p.coder = 'cleo';
    await call(p, 'applyCode', { documentId: 1, codeId: x.id, start: 0, end: 100 });
    const root = new RootStore(engineClient(p));
    const a = root.agreement;
    await root.coding.loadCodings(1);
    await a.refresh();
    // ben (2 codings) and then ana or cleo (1 each, ana first by name).
    expect([a.first, a.second]).toEqual(['ben', 'ana']);
    expect(a.exportChoice).toEqual({ coders: ['ben', 'ana'], level: 'character', overlap: 0.9 });
    expect(a.disagreements.map((d) => [d.start, d.end])).toEqual([
      [0, 100],
      [500, 600],
    ]);
    a.toggleExtra('cleo');
    await a.refresh();
    expect(a.result?.coders).toEqual(['ben', 'ana', 'cleo']);

    await a.settle(a.disagreements[0]!, { action: 'keep', keepCoder: 'ana' });
    expect(a.error).toBeNull();
    expect(a.disagreements.map((d) => [d.start, d.end])).toEqual([[500, 600]]);
    expect(root.coding.codingsOf(1).map((k) => [k.coder, k.start, k.end])).toEqual([
      ['ana', 0, 100],
      ['cleo', 0, 100],
      ['ben', 500, 600],
    ]);
    // A settle the engine refuses leaves its message and the list as it was.
    await a.settle({ ...a.disagreements[0]!, key: '1:1:999' }, { action: 'both' });
    expect(a.error).toMatch(/changed since the list was made/);
    expect(a.disagreements).toHaveLength(1);
  });
});
