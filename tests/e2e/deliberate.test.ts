// Nothing codes a passage, creates a code or replaces a stance value without
// the user seeing it: the popover's numbers, Enter after a typo, the notice
// of a replaced value with its Undo.
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

describe('the coding popover', () => {
  it('prints a number beside each code in codebook order, with nothing highlighted for Enter', async () => {
    await selectInPane(h.page, 0, QUOTE);
    expect(await popoverChoices(h.page)).toEqual([...numbered(STARTER_CODES), `+ Create code ‘${QUOTE}’`]);
    expect(await highlighted()).toEqual([]);
    await h.shots('popover-numbers');
  });

  it('after a typo, Enter creates nothing: it highlights the create item, and only a second Enter would create', async () => {
    await h.page.getByLabel('Find a code').fill('Belarsu');
    expect(await popoverChoices(h.page)).toEqual(['+ Create code ‘Belarsu’']);
    await h.page.keyboard.press('Enter');
    expect(await highlighted()).toEqual(['+ Create code ‘Belarsu’']);
    expect(await popover().locator('.hint').textContent()).toBe('Enter creates the code ‘Belarsu’ and codes the passage with it.');
    await h.shots('popover-typo-enter');
    expect(await popover().isVisible()).toBe(true);
    await h.page.keyboard.press('Escape');
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
    expect(await notice().locator('p').allTextContents()).toEqual(['Replaced ‘Belarus neutral’ with ‘Belarus complicit’ — one value per passage in ‘Belarus role’.']);
    await h.shots('replacement-notice');
  });

  it('undoes that step from the notice, which then says what was undone', async () => {
    await notice().getByRole('button', { name: 'Undo' }).click();
    await expect.poll(stripes).toEqual(['Belarus neutral']);
    expect(await notice().locator('p').textContent()).toMatch(/^Undone: Code “The complicity of Belarus.*” as “Belarus complicit”/);
    expect(await notice().getByRole('button', { name: 'Undo' }).count()).toBe(0);
    await notice().getByRole('button', { name: 'Dismiss this notice' }).click();
    expect(await notice().count()).toBe(0);
  });
});
