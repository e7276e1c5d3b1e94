import { describe, expect, it } from 'vitest';
import type { Code } from '../../src/shared/api.ts';
import { call } from '../../src/main/core/engine.ts';
import { codesUnder, codeTree, dropMove, keyMove, type DropZone } from '../../src/renderer/src/stores/codeTree.ts';
import { createTestProject } from '../helpers/project.ts';

/** A project with codes A, B, C at the top and A1, A2 under A; the tree as "name@depth" strings. */
async function tree() {
  const p = await createTestProject({ seeds: false });
  const id: Record<string, number> = {};
  for (const name of ['A', 'B', 'C']) id[name] = (await call(p, 'createCode', { name })).id;
  for (const name of ['A1', 'A2']) id[name] = (await call(p, 'createCode', { name, parentId: id.A })).id;
  const codes = async () => (await call(p, 'getCodebook', {})).codes;
  const shape = async () => codeTree(await codes()).map((r) => `${r.code.name}@${r.depth}`);
  /** Moves as the panel does: compute the move from the codebook, let the engine do it. */
  const drop = async (dragged: string, over: string, zone: DropZone) => {
    const move = dropMove(await codes(), id[dragged]!, id[over]!, zone);
    if (move) await call(p, 'moveCode', { id: id[dragged]!, ...move });
    return move;
  };
  const key = async (name: string, k: Parameters<typeof keyMove>[2]) => {
    const move = keyMove(await codes(), id[name]!, k);
    if (move) await call(p, 'moveCode', { id: id[name]!, ...move });
    return move;
  };
  return { p, id, codes, shape, drop, key };
}

describe('the code tree', () => {
  it('lists each code followed by the codes under it, in position order', async () => {
    const t = await tree();
    expect(await t.shape()).toEqual(['A@0', 'A1@1', 'A2@1', 'B@0', 'C@0']);
  });

  it('keeps codes visible whose parent is missing from the list', () => {
    const code = (id: number, parentId: number | null, position: number): Code => ({
      id,
      guid: String(id),
      parentId,
      name: `c${id}`,
      colour: '#000000',
      description: '',
      position,
      groupIds: [],
      codingCount: 0,
      totalCount: 0,
    });
    expect(codeTree([code(2, 99, 0), code(1, null, 1)]).map((r) => [r.code.id, r.depth])).toEqual([
      [2, 0],
      [1, 0],
    ]);
  });
});

describe('the codes under a code', () => {
  it('are its children and theirs, at any depth; a leaf has none', async () => {
    const t = await tree();
    await call(t.p, 'createCode', { name: 'A1a', parentId: t.id.A1! });
    const under = async (name: string) =>
      codesUnder(await t.codes(), t.id[name]!)
        .map((c) => c.name)
        .sort();
    expect(await under('A')).toEqual(['A1', 'A1a', 'A2']);
    expect(await under('A1')).toEqual(['A1a']);
    expect(await under('B')).toEqual([]);
  });
});

describe('dragging a code', () => {
  it('drops before or after a sibling, in either direction', async () => {
    const t = await tree();
    await t.drop('C', 'A', 'before');
    expect(await t.shape()).toEqual(['C@0', 'A@0', 'A1@1', 'A2@1', 'B@0']);
    await t.drop('C', 'B', 'after');
    expect(await t.shape()).toEqual(['A@0', 'A1@1', 'A2@1', 'B@0', 'C@0']);
    await t.drop('A1', 'A2', 'after');
    expect(await t.shape()).toEqual(['A@0', 'A2@1', 'A1@1', 'B@0', 'C@0']);
  });

  it('nests a code inside another as its last child, and moves a child out to another level', async () => {
    const t = await tree();
    await t.drop('C', 'B', 'inside');
    expect(await t.shape()).toEqual(['A@0', 'A1@1', 'A2@1', 'B@0', 'C@1']);
    await t.drop('A2', 'B', 'before');
    expect(await t.shape()).toEqual(['A@0', 'A1@1', 'A2@0', 'B@0', 'C@1']);
    // A code with children carries them along.
    await t.drop('A', 'C', 'inside');
    expect(await t.shape()).toEqual(['A2@0', 'B@0', 'C@1', 'A@2', 'A1@3']);
  });

  it('refuses a drop into the code itself or under it, and ignores a drop that changes nothing', async () => {
    const t = await tree();
    expect(await t.drop('A', 'A1', 'inside')).toBeNull();
    expect(await t.drop('A', 'A', 'inside')).toBeNull();
    expect(await t.drop('A', 'B', 'before')).toBeNull();
    expect(await t.drop('A1', 'A', 'inside')).not.toBeNull(); // to the end of A: it was first
    expect(await t.shape()).toEqual(['A@0', 'A2@1', 'A1@1', 'B@0', 'C@0']);
  });
});

describe('moving a code with the keyboard', () => {
  it('moves up and down among siblings, nests under the code above, and moves out after the parent', async () => {
    const t = await tree();
    await t.key('B', 'ArrowUp');
    expect(await t.shape()).toEqual(['B@0', 'A@0', 'A1@1', 'A2@1', 'C@0']);
    expect(await t.key('B', 'ArrowUp')).toBeNull();
    await t.key('B', 'ArrowDown');
    await t.key('B', 'ArrowRight');
    expect(await t.shape()).toEqual(['A@0', 'A1@1', 'A2@1', 'B@1', 'C@0']);
    await t.key('A1', 'ArrowLeft');
    expect(await t.shape()).toEqual(['A@0', 'A2@1', 'B@1', 'A1@0', 'C@0']);
    expect(await t.key('A1', 'ArrowLeft')).toBeNull();
    expect(await t.key('C', 'ArrowDown')).toBeNull();
    await t.key('B', 'ArrowRight'); // under A2, the sibling above
    expect(await t.shape()).toEqual(['A@0', 'A2@1', 'B@2', 'A1@0', 'C@0']);
  });
});
