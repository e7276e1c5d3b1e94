import { describe, expect, it } from 'vitest';
import { call } from '../../src/main/core/engine.ts';
import { addStarterCodebook } from '../../src/main/core/coding/starter.ts';
import { chooseCode, firstChoice } from '../../src/renderer/src/stores/codeChooser.ts';
import { codeTree } from '../../src/renderer/src/stores/codeTree.ts';
import { createTestProject, numbered, STARTER_CODES } from '../helpers/project.ts';

/** The starter codebook of a new project, as the popover gets it (tree order). */
async function starter() {
  const p = await createTestProject({ seeds: false });
  addStarterCodebook(p.db);
  const tree = async () => codeTree((await call(p, 'getCodebook', {})).codes);
  return { p, tree };
}

/** "key name" for each choice, as the popover prints them. */
const shown = (chooser: ReturnType<typeof chooseCode>) => chooser.codes.map((c) => `${c.key ?? '-'} ${c.code.name}`);

describe('the coding popover’s choices', () => {
  it('numbers the codes in codebook order, with nothing preselected and a new code named after the selected words', async () => {
    const { tree } = await starter();
    const chooser = chooseCode(await tree(), '', '  Minsk  denies\nany role ');
    expect(shown(chooser)).toEqual(numbered(STARTER_CODES));
    expect(chooser.preselected).toBeNull();
    expect(chooser.newName).toBe('Minsk denies any role');
  });

  it('follows the tree (a code under another comes right after it) and numbers only the first nine', async () => {
    const { p, tree } = await starter();
    const parent = (await tree()).find((r) => r.code.name === 'Russian troops in Belarus')!.code;
    await call(p, 'createCode', { name: 'Exercises', parentId: parent.id });
    await call(p, 'createCode', { name: 'Zyabrovka airfield', parentId: parent.id });
    await call(p, 'createCode', { name: 'Refugees' });
    const chooser = chooseCode(await tree(), '', 'x');
    const [stances, troops, rest] = [STARTER_CODES.slice(0, 3), STARTER_CODES[3]!, STARTER_CODES.slice(4)];
    expect(shown(chooser)).toEqual([
      ...numbered([...stances, troops, 'Exercises', 'Zyabrovka airfield', ...rest]),
      '- Refugees',
    ]);
    expect(chooser.codes.find((c) => c.code.name === 'Exercises')!.depth).toBe(1);
  });

  it('renumbers what a filter leaves, in the same order, and preselects nothing when several match', async () => {
    const { tree } = await starter();
    const chooser = chooseCode(await tree(), 'BEL', '');
    expect(shown(chooser)).toEqual(numbered(STARTER_CODES.filter((name) => /bel/i.test(name))));
    expect(shown(chooser).at(-1)).toBe('5 Public opinion in Belarus');
    expect(chooser.preselected).toBeNull();
    // Enter first moves to the first choice: the user sees what a second Enter would do.
    expect(firstChoice(chooser)).toBe(0);
  });

  it('preselects an exact name (any case) or the only match, and offers no second code of an existing name', async () => {
    const { tree } = await starter();
    const exact = chooseCode(await tree(), ' belarus  COMPLICIT ', '');
    expect(exact.codes[exact.preselected!]!.code.name).toBe('Belarus complicit');
    expect(exact.newName).toBe('');
    const only = chooseCode(await tree(), 'sanct', '');
    expect(shown(only)).toEqual(['1 Sanctions']);
    expect(only.preselected).toBe(0);
    expect(only.newName).toBe('sanct');
    // The selected words may already be a code's name: no create item then either.
    expect(chooseCode(await tree(), '', 'Sanctions').newName).toBe('');
  });

  it('after a typo matches nothing, preselects nothing: Enter only moves to the create item', async () => {
    const { tree } = await starter();
    const chooser = chooseCode(await tree(), 'Belarsu', 'the selected words');
    expect(chooser.codes).toEqual([]);
    expect(chooser.preselected).toBeNull();
    expect(chooser.newName).toBe('Belarsu');
    expect(firstChoice(chooser)).toBe(0); // index 0 after no codes: the create item
  });

  it('cuts a name from long selected words at 60 characters, never inside a character', async () => {
    const { tree } = await starter();
    const quote = `${'a'.repeat(59)}😀 and more words`;
    expect(chooseCode(await tree(), '', quote).newName).toBe(`${'a'.repeat(59)}😀`);
  });
});
