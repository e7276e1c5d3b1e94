import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/browser.ts';
import { numbered, STARTER_CODES } from '../helpers/project.ts';
import { codeInPane, popoverChoices, selectInPane, openAnalysisTab } from './reader.ts';
import { SEED_TITLES } from '../helpers/seed-titles.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await h.page.getByRole('button', { name: /001_b5026d01219ff992/ }).click();
  await h.page.getByRole('button', { name: /Putin goes to Lukashenka/ }).click({ modifiers: ['Shift'] });
  await h.page.waitForFunction(() => document.querySelectorAll('.doc-text').length === 2);
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const drag = (pane: number, quote: string) => selectInPane(h.page, pane, quote);
const code = (pane: number, quote: string, choose: string) => codeInPane(h.page, pane, quote, choose);

const stripes = (pane: number) =>
  h.page.locator(`[data-pane="${pane}"] .stripe`).evaluateAll((els) => els.map((e) => e.textContent));
const count = async (name: string) => {
  await h.page.getByRole('tab', { name: 'Codes' }).click();
  return h.page.locator('.code-row', { hasText: name }).locator('.meta').textContent();
};

describe('coding in the reader', () => {
  it('codes a selected passage with a stance code, shown in its colour with a labelled margin stripe', async () => {
    await code(0, 'The complicity of Belarus in the aggression is beyond doubt', 'complicit');
    await expect.poll(() => stripes(0)).toEqual(['Belarus complicit']);
    const coded = h.page.locator('[data-pane="0"] .coded').first();
    expect(await coded.textContent()).toBe('The complicity of Belarus in the aggression is beyond doubt');
    expect(await coded.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe('rgba(0, 0, 0, 0)');
  });

  it('keeps overlapping codings readable: both colours on the overlap, stripes side by side', async () => {
    await code(
      0,
      'Belarus in the aggression is beyond doubt: Belarus allows Russian troops on its territory',
      'Russian troops',
    );
    await expect.poll(() => stripes(0)).toEqual(['Belarus complicit', 'Russian troops in Belarus']);
    const overlap = h.page.locator('[data-pane="0"] .coded[data-codings*=","]');
    expect(await overlap.textContent()).toBe('Belarus in the aggression is beyond doubt');
    expect(await overlap.evaluate((el) => getComputedStyle(el).backgroundImage)).toMatch(/repeating-linear-gradient/);
    const lanes = await h.page
      .locator('[data-pane="0"] .stripe')
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).style.right));
    expect(new Set(lanes).size).toBe(2);
    await h.shot('c1-overlapping-codings');
  });

  it('shows each document’s number of codings in the library', async () => {
    await h.page.getByRole('tab', { name: 'Library' }).click();
    const row = h.page.locator('.library-row', { hasText: SEED_TITLES['001'] });
    await expect.poll(() => row.locator('.coding-count').textContent()).toBe('2');
  });

  it('codes in the second pane too, with the number printed beside a code, and using a code does not renumber them', async () => {
    const codebookOrder = numbered(STARTER_CODES);
    await drag(1, 'The self-proclaimed dictator promises but does nothing');
    // ‘Russian troops in Belarus’ was used last, but keeps its place and its number.
    expect(await popoverChoices(h.page)).toEqual([
      ...codebookOrder,
      '+ Create code ‘The self-proclaimed dictator promises but does nothing’',
    ]);
    await h.page.keyboard.press('4');
    await expect.poll(() => stripes(1)).toEqual(['Russian troops in Belarus']);
    await drag(1, 'does nothing');
    expect((await popoverChoices(h.page)).slice(0, 7)).toEqual(codebookOrder);
    await h.page.keyboard.press('Escape');
  });

  it('holds one stance per passage: another value replaces the first, and undo and redo work from the keyboard', async () => {
    await code(0, 'The complicity of Belarus in the aggression is beyond doubt', 'neutral');
    await expect.poll(() => stripes(0)).toEqual(['Belarus neutral', 'Russian troops in Belarus']);
    // Said where the user is coding, in the engine's words.
    const notice = h.page.locator('[data-pane="0"] .coding-notice');
    expect(await notice.locator('p').allTextContents()).toEqual([
      'Replaced ‘Belarus complicit’ with ‘Belarus neutral’ on this passage — one value per passage in ‘Belarus role’.',
    ]);
    expect(await count('Belarus complicit')).toBe('0');
    await h.page.locator('[data-pane="0"] .pane-body').focus();
    await h.page.keyboard.press('Control+z');
    await expect.poll(() => stripes(0)).toEqual(['Belarus complicit', 'Russian troops in Belarus']);
    expect(await h.page.getByRole('status').filter({ hasText: 'Undone:' }).textContent()).toMatch(
      /^Undone: Code “The complicity of Belarus/,
    );
    expect(await notice.count()).toBe(0);
    await h.page.keyboard.press('Control+Shift+z');
    await expect.poll(() => stripes(0)).toEqual(['Belarus neutral', 'Russian troops in Belarus']);
  });

  it('shows the codings of a clicked passage, and removes one', async () => {
    await h.page.locator('[data-pane="1"] .coded').first().click();
    const here = h.page.getByRole('dialog', { name: 'Codings here' });
    await here.waitFor();
    expect(await here.locator('li strong').allTextContents()).toEqual(['Russian troops in Belarus']);
    await here.getByRole('button', { name: 'Remove the coding Russian troops in Belarus' }).click();
    await expect.poll(() => stripes(1)).toEqual([]);
  });

  it('makes a new code from the selected words (in vivo)', async () => {
    await drag(0, 'remnants of Belarus’s sovereignty');
    await h.page.getByRole('option', { name: 'Create code ‘remnants of Belarus’s sovereignty’' }).click();
    await expect.poll(() => stripes(0)).toContain('remnants of Belarus’s sovereignty');
    expect(await count('remnants of Belarus’s sovereignty')).toBe('1');
    await h.shot('c2-codes-panel');
  });

  it('writes a memo on a coding, shown in the margin', async () => {
    await h.page.locator('[data-pane="0"] .coded', { hasText: 'The complicity of' }).first().click();
    const here = h.page.getByRole('dialog', { name: 'Codings here' });
    await here.getByLabel('Memo on this Belarus neutral coding').fill('Stated as fact, without a source.');
    await here.getByRole('button', { name: 'Save memo' }).click();
    await expect.poll(() => h.page.locator('[data-pane="0"] .stripe .memo-mark').count()).toBe(1);
    await h.page.keyboard.press('Escape');
  });

  it('opens a passage from the coded-segments view, which stays open beside the reader', async () => {
    await openAnalysisTab(h.page, 'Segments');
    const panel = h.page.getByRole('complementary', { name: 'Analysis' });
    await panel.getByRole('checkbox', { name: /Belarus neutral/ }).check();
    const segment = panel.locator('.segment');
    await expect.poll(() => segment.count()).toBe(1);
    expect(await segment.locator('strong').textContent()).toBe(
      'The complicity of Belarus in the aggression is beyond doubt',
    );
    expect(await segment.locator('.memo').textContent()).toBe('✎ Stated as fact, without a source.');
    await h.shot('c3-segments-view');
    // From the other pane: the passage opens in the focused pane, scrolled to and marked.
    await h.page.locator('[data-pane="1"] .pane-body').click();
    await segment.click();
    await expect.poll(() => h.page.locator('.pane.focused .coded.flash').count()).toBe(1);
    expect(await h.page.locator('.pane').count()).toBe(2);
    expect(await h.page.locator('.pane.focused').getAttribute('data-pane')).toBe('1');
    expect(await panel.isVisible()).toBe(true);
  });

  it('opens a passage from the code-by-document matrix', async () => {
    await openAnalysisTab(h.page, 'Matrix');
    const row = h.page.locator('.matrix tr', { hasText: 'Russian troops in Belarus' });
    const cell = row.locator('td button');
    await expect.poll(() => cell.count()).toBe(1);
    expect(await cell.textContent()).toMatch(/^1\d+%$/);
    await cell.click();
    const passage = h.page.locator('.analysis .segment');
    await expect.poll(() => passage.count()).toBe(1);
    await h.shot('c4-matrix');
    await h.page.getByRole('button', { name: 'Close pane' }).nth(1).click();
    await h.page.getByRole('button', { name: '+ Pane' }).click();
    await passage.click();
    await expect.poll(() => h.page.locator('.pane.focused .coded.flash').count()).toBe(1);
    expect(await h.page.locator('.pane.focused .coded.flash').first().textContent()).toContain('Belarus');
  });

  it('renames a code, merges one into another, and writes a memo on a document', async () => {
    const { page } = h;
    page.on('dialog', (dialog) => void dialog.accept());
    await page.getByRole('tab', { name: 'Codes' }).click();
    await page.locator('.code-row', { hasText: 'Sanctions' }).locator('.code-name').dblclick();
    await page.getByLabel('New name for Sanctions').fill('Sanctions on Minsk');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.code-row .code-name', { hasText: 'Sanctions on Minsk' }).count()).toBe(1);

    // Merge the in-vivo code into a stance code: its passage moves there, and undo brings it back.
    const stripesBefore = await stripes(0);
    expect(stripesBefore).toContain('remnants of Belarus’s sovereignty');
    await page.getByRole('button', { name: 'Merge remnants of Belarus’s sovereignty into another code' }).click();
    await page.getByLabel('Merge remnants of Belarus’s sovereignty into').selectOption({ label: 'Belarus complicit' });
    await expect.poll(() => stripes(0)).not.toContain('remnants of Belarus’s sovereignty');
    expect(await page.locator('.code-row', { hasText: 'Belarus complicit' }).locator('.meta').textContent()).toBe('1');
    await page.locator('[data-pane="0"] .pane-body').focus();
    await page.keyboard.press('Control+z');
    await expect.poll(() => stripes(0)).toContain('remnants of Belarus’s sovereignty');

    await page.locator('[data-pane="0"]').getByRole('button', { name: 'Document memo' }).click();
    await page.getByLabel('Memo on this document').fill('An op-ed: Belarus as accomplice.');
    await page.locator('.document-memo').getByRole('button', { name: 'Save memo' }).click();
    await expect.poll(() => page.locator('.document-memo button').isDisabled()).toBe(true);
    await page.locator('[data-pane="0"]').getByRole('button', { name: 'Document memo' }).click();
    await page.locator('[data-pane="0"]').getByRole('button', { name: 'Document memo' }).click();
    await expect
      .poll(() => page.getByLabel('Memo on this document').inputValue())
      .toBe('An op-ed: Belarus as accomplice.');
    await h.shot('c5-codes-and-document-memo');
  });
});
