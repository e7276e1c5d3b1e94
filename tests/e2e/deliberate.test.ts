// Nothing codes a passage, creates a code or replaces a stance value without
// the user seeing it: the popover's numbers, Enter after a typo, the notice
// of a replaced value with its Undo, a parent code's counts, and one undo step
// per colour.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../src/main/core/engine.ts';
import { startHarness, type Harness } from '../helpers/browser.ts';
import { numbered, STARTER_CODES } from '../helpers/project.ts';
import { codeInPane, popoverChoices, selectInPane } from './reader.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await h.page.getByRole('button', { name: /001_b5026d01219ff992/ }).click();
  await h.page.waitForFunction(() => document.querySelectorAll('.doc-text').length === 1);
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const QUOTE = 'The complicity of Belarus in the aggression is beyond doubt';
const popover = () => h.page.getByRole('dialog', { name: 'Code the selected passage' });
const stripes = () => h.page.locator('[data-pane="0"] .stripe').evaluateAll((els) => els.map((e) => e.textContent));
const codeNames = async () => (await call(h.project, 'getCodebook', {})).codes.map((c) => c.name);
const highlighted = () => popover().locator('[role="option"][aria-selected="true"]').allTextContents();
/** The passage marked as the one the popover codes (the field has the browser's selection). */
const marked = () => h.page.evaluate(() => [...(CSS.highlights.get('coding-pending') ?? [])].map((r) => r.toString()));

describe('the coding popover', () => {
  it('prints a number beside each code in codebook order, with nothing highlighted for Enter, and marks the passage it codes', async () => {
    await selectInPane(h.page, 0, QUOTE);
    expect(await popoverChoices(h.page)).toEqual([...numbered(STARTER_CODES), `+ Create code ‘${QUOTE}’`]);
    expect(await highlighted()).toEqual([]);
    expect(await marked()).toEqual([QUOTE]);
    await h.shots('popover-numbers');
  });

  it('after a typo, Enter creates nothing: it highlights the create item, and only a second Enter would create', async () => {
    await h.page.getByLabel('Find a code').fill('Belarsu');
    expect(await popoverChoices(h.page)).toEqual(['+ Create code ‘Belarsu’']);
    await h.page.keyboard.press('Enter');
    expect(await highlighted()).toEqual(['+ Create code ‘Belarsu’']);
    expect(await popover().locator('.hint').textContent()).toBe(
      'Enter creates the code ‘Belarsu’ and codes the passage with it.',
    );
    await h.shots('popover-typo-enter');
    expect(await popover().isVisible()).toBe(true);
    await h.page.keyboard.press('Escape');
    expect(await marked()).toEqual([]);
    expect(await codeNames()).not.toContain('Belarsu');
    expect(await stripes()).toEqual([]);
  });

  it('renumbers what a filter leaves, and a number key codes with the code printed beside it', async () => {
    await selectInPane(h.page, 0, QUOTE);
    await h.page.getByLabel('Find a code').fill('bel');
    expect(await popoverChoices(h.page)).toEqual([...numbered(STARTER_CODES.slice(0, 5)), '+ Create code ‘bel’']);
    // Several match: Enter would be a guess, so nothing is highlighted; the arrows move to a choice.
    expect(await highlighted()).toEqual([]);
    await h.shots('popover-filtered');
    await h.page.keyboard.press('ArrowDown');
    await h.page.keyboard.press('ArrowDown');
    expect(await highlighted()).toEqual(['2Belarus complicit']);
    await h.page.keyboard.press('1');
    await popover().waitFor({ state: 'detached' });
    await expect.poll(stripes).toEqual(['Belarus neutral']);
  });
});

describe('replacing a stance value', () => {
  const notice = () => h.page.locator('[data-pane="0"] .coding-notice');

  it('says which value it replaced, in which group, where the user is coding', async () => {
    await codeInPane(h.page, 0, QUOTE, 'Belarus complicit');
    await expect.poll(stripes).toEqual(['Belarus complicit']);
    expect(await notice().getAttribute('role')).toBe('status');
    expect(await notice().locator('p').allTextContents()).toEqual([
      'Replaced ‘Belarus neutral’ with ‘Belarus complicit’ on this passage — one value per passage in ‘Belarus role’.',
    ]);
    await h.shots('replacement-notice');
  });

  it('undoes that step from the notice, which then says what was undone', async () => {
    await notice().getByRole('button', { name: 'Undo' }).click();
    await expect.poll(stripes).toEqual(['Belarus neutral']);
    expect(await notice().locator('p').textContent()).toMatch(
      /^Undone: Code “The complicity of Belarus.*” as “Belarus complicit”/,
    );
    expect(await notice().getByRole('button', { name: 'Undo' }).count()).toBe(0);
    await notice().getByRole('button', { name: 'Dismiss this notice' }).click();
    expect(await notice().count()).toBe(0);
  });
});

describe('the codes tab', () => {
  const row = (name: string) =>
    h.page.getByRole('treeitem').filter({ has: h.page.locator('.code-name', { hasText: new RegExp(`^${name}$`) }) });

  it('shows a parent code’s own count and its count with the codes under it; a leaf shows one number', async () => {
    // "Stances" holds one coding itself; under it, neutral (one, from the popover above) and complicit (two).
    const book = await call(h.project, 'getCodebook', {});
    const id = (name: string) => book.codes.find((c) => c.name === name)!.id;
    const parent = await call(h.project, 'createCode', { name: 'Stances' });
    await call(h.project, 'moveCode', { id: id('Belarus neutral'), parentId: parent.id, position: 0 });
    await call(h.project, 'moveCode', { id: id('Belarus complicit'), parentId: parent.id, position: 1 });
    const text = (await call(h.project, 'getDocument', { id: 3 })).body;
    const code = (codeId: number, words: string) => {
      const start = [...text.slice(0, text.indexOf(words))].length;
      return call(h.project, 'applyCode', { documentId: 3, codeId, start, end: start + [...words].length });
    };
    const words = [...new Set(text.split(/\s+/).filter((w) => /^\p{L}{7,}$/u.test(w)))];
    await code(parent.id, words[0]!);
    await code(id('Belarus complicit'), words[1]!);
    await code(id('Belarus complicit'), words[2]!);
    await h.reload();
    await h.page.getByRole('tab', { name: 'Codes' }).click();
    const count = row('Stances').locator('.count');
    expect(await count.textContent()).toBe('1 · 4');
    expect(await count.getAttribute('title')).toBe('1 coding of this code, 4 with the codes under it');
    expect(await row('Belarus complicit').locator('.count').textContent()).toBe('2');
    expect(await row('Belarus neutral').locator('.count').textContent()).toBe('1');
    await h.shots('codes-parent-counts');
  });

  /** The message of the next confirmation the page asks, which is then dismissed (nothing done). */
  const nextQuestion = () =>
    new Promise<string>((resolve) =>
      h.page.once('dialog', (d) => {
        resolve(d.message());
        void d.dismiss();
      }),
    );

  it('counts the codes under a code and all their codings when asking to delete or merge it', async () => {
    let asked = nextQuestion();
    await row('Stances').getByRole('button', { name: 'Delete Stances' }).click();
    expect(await asked).toBe('Delete “Stances”, the 2 codes under it and their 4 codings? You can undo this.');
    asked = nextQuestion();
    await row('Stances').getByRole('button', { name: 'Merge Stances into another code' }).click();
    await h.page.getByLabel('Merge Stances into').selectOption({ label: 'Sanctions' });
    expect(await asked).toBe(
      'Merge “Stances” into “Sanctions”? Its 1 coding moves there. The 2 codes under it go under “Sanctions” with their codings. You can undo this.',
    );
    expect(await codeNames()).toContain('Stances');
    expect(await row('Stances').locator('.count').textContent()).toBe('1 · 4');
  });

  it('makes one undo step of a colour change, however many colours the picker passes through', async () => {
    const updates = async () =>
      (await call(h.project, 'history', { limit: 1000 })).filter((e) => e.command === 'updateCode' && !e.undone).length;
    const colour = async () =>
      (await call(h.project, 'getCodebook', {})).codes.find((c) => c.name === 'Sanctions')!.colour;
    const before = await updates();
    const original = await colour();
    const picker = row('Sanctions').getByLabel('Colour of Sanctions');
    // Dragging through the picker: an input event for every colour passed.
    await picker.evaluate((el: HTMLInputElement) => {
      const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      for (const c of ['#aa0000', '#bb1100', '#cc2200', '#dd3300', '#ee4400']) {
        set.call(el, c);
        el.dispatchEvent(new Event('input', { bubbles: true }));
      }
    });
    // The swatch has followed the drag (React has taken every input event in), and no change reached the project.
    await expect.poll(() => picker.inputValue()).toBe('#ee4400');
    expect(await updates()).toBe(before);
    // The picker closes on the last colour: one change.
    await picker.evaluate((el) => el.dispatchEvent(new Event('change', { bubbles: true })));
    await expect.poll(colour).toBe('#ee4400');
    expect(await updates()).toBe(before + 1);
    await h.page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect.poll(colour).toBe(original);
    await expect.poll(() => picker.inputValue()).toBe(original);
  });
});
