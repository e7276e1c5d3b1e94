// The Memos tab in the browser: writing a journal entry and a memo about the
// open document and a code, finding them again by search and filter, opening
// what a memo is about, and deleting one with undo to take it back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../src/main/core/engine.ts';
import { startHarness, type Harness } from '../helpers/browser.ts';
import { openAnalysisTab } from './reader.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  // A memo written on a code elsewhere (the code's own memo) is listed with the rest.
  const troops = (await call(h.project, 'getCodebook', {})).codes.find((c) => c.name === 'Russian troops in Belarus')!;
  await call(h.project, 'setMemo', { target: 'code', id: troops.id, text: 'Troops: count only reported movements.' });
  // A coded passage in the article the memo is written beside, to link the memo to.
  const putin = (await call(h.project, 'listDocuments', {})).documents.find((d) =>
    d.displayTitle.startsWith('Putin goes to Lukashenka'),
  )!;
  const body = (await call(h.project, 'getDocument', { id: putin.id })).body;
  const start = [...body.slice(0, body.indexOf('The lack of success'))].length;
  await call(h.project, 'applyCode', {
    documentId: putin.id,
    codeId: troops.id,
    start,
    end: start + 'The lack of success'.length,
  });
  await h.reload();
  await h.page.getByRole('button', { name: /Putin goes to Lukashenka/ }).click();
  await h.page.waitForFunction(() => document.querySelectorAll('.doc-text').length === 1);
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const panel = () => h.page.getByRole('region', { name: 'Memos' });
const titles = () => panel().locator('.note h4, .note.on-target .note-link').allTextContents();

describe('the Memos tab', () => {
  it('writes a journal entry and a memo about the open document and a code, listed with the memo on a code', async () => {
    await openAnalysisTab(h.page, 'Memos');
    await expect.poll(titles).toEqual(['Memo on the code: Russian troops in Belarus']);

    await panel().getByRole('button', { name: 'New journal entry' }).click();
    await panel()
      .getByRole('textbox', { name: 'Text' })
      .fill('Decided: a denial by officials is coded neutral.\nRevisit after the pilot.');
    await panel().getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(titles)
      .toEqual(['Decided: a denial by officials is coded neutral.', 'Memo on the code: Russian troops in Belarus']);

    await panel().getByRole('button', { name: 'New memo' }).click();
    const form = panel().getByRole('form', { name: 'Memo' });
    // A new memo is about the open document unless unlinked.
    await expect.poll(() => form.getByRole('button', { name: /^Unlink Putin goes to Lukashenka/ }).count()).toBe(1);
    await form.getByRole('textbox', { name: 'Title' }).fill('Lukashenka’s spelling');
    await form.getByRole('textbox', { name: 'Text' }).fill('Lukashenka here, Lukashenko elsewhere: the same man.');
    await form
      .getByRole('combobox', { name: 'Link a code', exact: true })
      .selectOption({ label: 'Lukashenko and Putin' });
    await form
      .getByRole('combobox', { name: 'Link a coded passage' })
      .selectOption({ label: 'Russian troops in Belarus: “The lack of success”' });
    expect(await form.locator('.note-link').allTextContents()).toEqual([
      expect.stringMatching(/^Document: Putin goes to Lukashenka.* ×$/),
      'Code: Lukashenko and Putin ×',
      'Passage: “The lack of success” ×',
    ]);
    await h.shots('memo-editor');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(titles)
      .toEqual([
        'Lukashenka’s spelling',
        'Decided: a denial by officials is coded neutral.',
        'Memo on the code: Russian troops in Belarus',
      ]);
    const memo = panel().locator('.note', { hasText: 'Lukashenka’s spelling' });
    expect(await memo.locator('.note-link').allTextContents()).toEqual([
      expect.stringMatching(/^Document: Putin goes to Lukashenka/),
      'Code: Lukashenko and Putin',
      expect.stringMatching(/^Passage: “The lack of success” \(Russian troops in Belarus, in Putin goes to Lukashenka/),
    ]);
    await h.shots('memos-tab');
  });

  it('finds memos by words as search folds them, and by kind', async () => {
    await panel().getByRole('searchbox', { name: 'Search memos' }).fill('lukashenko');
    await expect.poll(titles).toEqual(['Lukashenka’s spelling']);
    await panel().getByRole('searchbox', { name: 'Search memos' }).fill('');
    await panel().getByRole('radio', { name: 'Journal' }).click();
    await expect.poll(titles).toEqual(['Decided: a denial by officials is coded neutral.']);
    await panel().getByRole('radio', { name: 'On documents, codes, passages' }).click();
    await expect.poll(titles).toEqual(['Memo on the code: Russian troops in Belarus']);
    await panel().getByRole('radio', { name: 'All' }).click();
    await expect.poll(titles).toHaveLength(3);
  });

  it('opens what a memo is about: the passage in the reader, the code’s passages', async () => {
    await panel()
      .locator('.note', { hasText: 'Lukashenka’s spelling' })
      .getByRole('button', { name: /^Passage:/ })
      .click();
    await expect.poll(() => h.page.locator('.pane.focused .coded.flash').textContent()).toBe('The lack of success');
    await panel()
      .locator('.note', { hasText: 'Lukashenka’s spelling' })
      .getByRole('button', { name: 'Code: Lukashenko and Putin' })
      .click();
    await expect
      .poll(() =>
        h.page
          .getByRole('complementary', { name: 'Analysis' })
          .getByRole('tab', { name: 'Segments' })
          .getAttribute('aria-selected'),
      )
      .toBe('true');
    await expect
      .poll(() =>
        h.page
          .getByRole('complementary', { name: 'Analysis' })
          .getByRole('checkbox', { name: /Lukashenko and Putin/ })
          .isChecked(),
      )
      .toBe(true);
    await openAnalysisTab(h.page, 'Memos');
  });

  it('edits a memo, and deletes one as a step that undo takes back', async () => {
    const memo = panel().locator('.note', { hasText: 'Lukashenka’s spelling' });
    await memo.getByRole('button', { name: 'Edit' }).click();
    await panel()
      .getByRole('form', { name: 'Memo' })
      .getByRole('textbox', { name: 'Title' })
      .fill('Spelling of the name');
    await panel().getByRole('form', { name: 'Memo' }).getByRole('button', { name: 'Save' }).click();
    await expect.poll(titles).toContain('Spelling of the name');
    await panel().locator('.note', { hasText: 'Spelling of the name' }).getByRole('button', { name: 'Delete' }).click();
    await expect.poll(titles).not.toContain('Spelling of the name');
    expect(await panel().getByRole('status').textContent()).toBe(
      '“Spelling of the name” deleted. Undo brings it back (Ctrl+Z).',
    );
    await h.page.keyboard.press('Control+z');
    await expect.poll(titles).toContain('Spelling of the name');
  });
});
