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

/** ana's X over [0, 100) of document 1; ben's X over [start, 100) and his Y over [0, 100); the store loaded. */
async function benCodesXFromAndY(start: number) {
  const { p, x } = await project();
  const y = await call(p, 'createCode', { name: 'Y' });
  p.coder = 'ben';
  await call(p, 'applyCode', { documentId: 1, codeId: x.id, start, end: 100 });
  await call(p, 'applyCode', { documentId: 1, codeId: y.id, start: 0, end: 100 });
  const root = new RootStore(engineClient(p));
  await root.agreement.refresh();
  return { a: root.agreement, x };
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
    await a.settle({ ...a.disagreements[0]!, key: '1:999' }, { action: 'both' });
    expect(a.error).toMatch(/changed since the list was made/);
    expect(a.disagreements).toHaveLength(1);
  });

  it('settles a passage as the list counted it', async () => {
    // ben's X matches ana's at segment level (90 of 100 characters), not at character level; ben also coded Y there, ana did not.
    const { a } = await benCodesXFromAndY(10);
    expect(a.disagreements.map((d) => d.codes.map((c) => c.name))).toEqual([['X', 'Y']]);
    a.setLevel('segment');
    await a.load();
    // At segment level the passage is ben's Y alone: settling it must name it as the list did.
    expect(a.disagreements.map((d) => [d.codes.map((c) => c.name), d.reasons])).toEqual([
      [['Y'], ['Only ben coded “Y” here.']],
    ]);
    await a.settle(a.disagreements[0]!, { action: 'both' });
    expect(a.error).toBeNull();
    expect(a.disagreements).toEqual([]);
    expect(a.result?.notes[0]).toMatch(/covering at least 90% of the text the two cover together/);
  });

  it('keeps what a settle did besides settling, for the panel to say', async () => {
    const { a, x } = await benCodesXFromAndY(0);
    const [d] = a.disagreements;
    const bens = d!.coders.find((c) => c.name === 'ben')!.codings[0]!;
    await a.settle(d!, { action: 'recode', codingId: bens.id, newCodeId: x.id });
    expect(a.error).toBeNull();
    expect(a.settleNotes).toEqual(['ben had already coded this passage as ‘X’: the two codings are now one.']);
    expect(a.disagreements).toEqual([]);
  });
});
