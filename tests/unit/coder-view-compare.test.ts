// The reader's coder view and comparison by code, as stores over the real engine.
import { describe, expect, it } from 'vitest';
import { RootStore } from '../../src/renderer/src/stores/RootStore.ts';
import { engineClient } from '../helpers/client.ts';
import { createTestProject } from '../helpers/project.ts';

/** The seeds with codings by two coders: ana codes 001 and 002 "Belarus neutral" (two passages in 002), ben codes 001 "Belarus complicit". */
async function twoCoders() {
  const project = await createTestProject();
  const store = new RootStore(engineClient(project), { searchDelay: 0 });
  await store.start();
  await store.coding.createCode('Belarus neutral');
  await store.coding.createCode('Belarus complicit');
  const code = (name: string) => store.coding.codes.find((c) => c.name === name)!.id;
  const [neutral, complicit] = [code('Belarus neutral'), code('Belarus complicit')];
  await store.coding.setCoder('ana');
  await store.coding.apply(2, 0, 40, { id: neutral });
  await store.coding.apply(3, 0, 30, { id: neutral });
  await store.coding.apply(3, 200, 260, { id: neutral });
  await store.coding.setCoder('ben');
  await store.coding.apply(2, 10, 50, { id: complicit });
  await store.coding.loadCodings(2);
  return { store, neutral, complicit };
}

describe('the coder view', () => {
  it('shows everyone’s codings, only the current coder’s (blind), one coder’s, or two', async () => {
    const { store } = await twoCoders();
    const { coderView, coding } = store;
    const coders = () => coderView.filter(coding.codingsOf(2)).map((c) => c.coder);
    expect(coderView.coders.map((c) => `${c.name} ${c.codings}`).sort()).toEqual(['ana 3', 'ben 1']);
    expect(coders().sort()).toEqual(['ana', 'ben']);
    await coderView.setView({ mode: 'mine' });
    expect(coders()).toEqual(['ben']);
    expect(coderView.label).toBe('Only mine (ben): others hidden');
    // The engine sends a blind coder nothing of the others': not only does the view hide it.
    expect(coding.codingsOf(2).map((c) => c.coder)).toEqual(['ben']);
    // A new name while coding blind stays blind: it sees only its own (none yet).
    await coding.setCoder('cleo');
    expect(coderView.view).toEqual({ mode: 'mine' });
    expect(coders()).toEqual([]);
    await coderView.setView({ mode: 'one', coder: 'ana' });
    expect(coders()).toEqual(['ana']);
    await coderView.setView({ mode: 'two', first: 'ana', second: 'ben' });
    expect(coders().sort()).toEqual(['ana', 'ben']);
    expect(
      coding
        .codingsOf(2)
        .filter((c) => coderView.isSecond(c))
        .map((c) => c.coder),
    ).toEqual(['ben']);
  });

  it('limits the coded segments and the matrix to the coders shown', async () => {
    const { store, neutral, complicit } = await twoCoders();
    const { analysis, coderView } = store;
    analysis.toggleCode(neutral);
    analysis.toggleCode(complicit);
    analysis.show('segments');
    await analysis.refresh();
    expect(analysis.segments.map((s) => s.coding.coder).sort()).toEqual(['ana', 'ana', 'ana', 'ben']);
    await coderView.setView({ mode: 'one', coder: 'ben' });
    await analysis.refresh();
    expect(analysis.segments.map((s) => s.coding.coder)).toEqual(['ben']);
    const cells = () =>
      analysis
        .matrix!.cells.map((c) => `${c.documentId}:${c.codeId === neutral ? 'neutral' : 'complicit'}:${c.count}`)
        .sort();
    analysis.show('matrix');
    await analysis.refresh();
    expect(cells()).toEqual(['2:complicit:1']);
    await coderView.setView({ mode: 'all' });
    await analysis.refresh();
    expect(cells()).toEqual(['2:complicit:1', '2:neutral:1', '3:neutral:2']);
  });
});

describe('comparing documents by a code', () => {
  it('opens the chosen documents side by side and steps through their passages together', async () => {
    const { store, neutral } = await twoCoders();
    const { compare, panes } = store;
    await compare.choose(neutral);
    expect(compare.candidates.map((c) => `${c.document.id}:${c.passages}`)).toEqual(['2:1', '3:2']);
    expect(compare.chosen).toEqual([2, 3]);
    await compare.start();
    expect(panes.panes.map((p) => p.documentId)).toEqual([2, 3]);
    expect(compare.steps).toBe(2);
    const focused = () => panes.panes.map((p) => p.focusCoding);
    const first = focused();
    expect(compare.positionIn(2)).toBe('1 of 1');
    expect(compare.positionIn(3)).toBe('1 of 2');
    compare.step(1);
    expect(compare.positionIn(2)).toBe('1 of 1 (its last)');
    expect(compare.positionIn(3)).toBe('2 of 2');
    // The document with one passage stays on it; the other moves to its second.
    expect(focused()[0]).toBe(first[0]);
    expect(focused()[1]).not.toBe(first[1]);
    compare.step(1);
    expect(compare.index).toBe(1);
  });

  it('asks for two to four documents', async () => {
    const { store, neutral } = await twoCoders();
    const { compare } = store;
    await compare.choose(neutral);
    compare.toggle(3);
    expect(compare.problem).toBe('Choose two documents or more to compare.');
    await compare.start();
    expect(compare.running).toEqual([]);
  });
});
