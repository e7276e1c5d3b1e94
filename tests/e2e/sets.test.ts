// Document sets in the workbench: save a search and a library filter as sets,
// add ticked search results to a set made by hand, show a set's documents in
// the library with one click, and choose a set as the documents of the stance
// overview and of an export.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../src/main/core/engine.ts';
import { startHarness, type Harness } from '../helpers/browser.ts';
import { openAnalysisTab } from './reader.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const sets = () => h.page.getByRole('region', { name: 'Document sets' });
const count = () => h.page.locator('.library .count').textContent();

describe('document sets in the workbench', () => {
  it('saves a search as a set, adds ticked results to a set by hand, and shows a set’s documents in the library', async () => {
    expect(await sets().textContent()).toContain('None yet');
    // A search saved as a set.
    await h.page.getByRole('searchbox', { name: 'Search the project' }).fill('Lukashenka');
    await h.page.getByRole('searchbox', { name: 'Search the project' }).press('Enter');
    const results = h.page.getByRole('region', { name: 'Search results' });
    await expect.poll(() => results.getByRole('listitem').count()).toBe(2);
    await results.getByRole('button', { name: 'Save as set…' }).click();
    await results.getByLabel('Set name').fill('Lukashenka spelling');
    await results.getByRole('button', { name: 'Save set' }).click();
    await expect
      .poll(() => results.getByRole('status').first().textContent())
      .toBe('Saved “Lukashenka spelling”: 2 documents now; documents imported later that match join it.');
    // Ticked results added to a new set by hand, then one more to it: what was already there is said.
    const boxes = results.getByRole('checkbox');
    await boxes.nth(0).check();
    await results.getByRole('button', { name: 'Add 1 to set…' }).click();
    await results.getByLabel('Set name').fill('My sample');
    await results.getByRole('button', { name: 'Add' }).click();
    await expect.poll(() => results.getByText(/^Made the set “My sample” of 1 document\.$/).count()).toBe(1);
    await boxes.nth(1).check();
    await results.getByRole('button', { name: 'Add 2 to set…' }).click();
    await results.getByLabel('Set name').fill('my sample');
    await results.getByRole('button', { name: 'Add' }).click();
    await expect.poll(() => results.getByText(/1 document was already in it\.$/).count()).toBe(1);
    await expect
      .poll(async () => (await call(h.project, 'listSets', {})).sets.map((s) => [s.name, s.kind, s.count]))
      .toEqual([
        ['Lukashenka spelling', 'query', 2],
        ['My sample', 'hand', 2],
      ]);

    // The library lists the sets with their counts; one click shows a set's documents, another all of them.
    await h.page.getByRole('searchbox', { name: 'Search the project' }).press('Escape');
    await expect
      .poll(() =>
        sets()
          .getByRole('button', { name: /Lukashenka spelling/ })
          .textContent(),
      )
      .toBe('⟳ Lukashenka spelling 2');
    await expect.poll(count).toBe('5 documents');
    await sets()
      .getByRole('button', { name: /My sample/ })
      .click();
    await expect.poll(count).toBe('2 documents');
    expect(
      await sets()
        .getByRole('button', { name: /My sample/ })
        .getAttribute('aria-pressed'),
    ).toBe('true');
    await h.shots('sets-library');
    await sets()
      .getByRole('button', { name: /My sample/ })
      .click();
    await expect.poll(count).toBe('5 documents');

    // A library filter saved as a set; a name taken is refused in words.
    await h.page.getByRole('searchbox', { name: 'Filter documents' }).fill('Putin');
    await sets().getByRole('button', { name: 'Save as set…' }).click();
    await sets().getByLabel('Set name').fill('MY SAMPLE');
    await sets().getByRole('button', { name: 'Save set' }).click();
    await expect
      .poll(() => sets().locator('.error').textContent())
      .toBe('There is already a document set called “My sample”.');
    await sets().getByLabel('Set name').fill('Putin in the title');
    await sets().getByRole('button', { name: 'Save set' }).click();
    await expect
      .poll(
        async () =>
          (await call(h.project, 'listSets', {})).sets.find((s) => s.name === 'Putin in the title')?.queryText,
      )
      .toBe('title, file, source or author contains “Putin”');
    await h.page.getByRole('searchbox', { name: 'Filter documents' }).fill('');
  });

  it('chooses a set as the documents of the stance overview and of an export', async () => {
    const book = await call(h.project, 'getCodebook', {});
    const neutral = book.codes.find((c) => c.name === 'Belarus neutral')!;
    for (const documentId of [1, 2, 3, 4, 5])
      await call(h.project, 'applyCode', { documentId, codeId: neutral.id, start: 0, end: 60 });
    await h.reload();
    await openAnalysisTab(h.page, 'Stances');
    const panel = h.page.getByRole('complementary', { name: 'Analysis' });
    const sample = (await call(h.project, 'listSets', {})).sets.find((s) => s.name === 'My sample')!;
    const members = (await call(h.project, 'getSet', { id: sample.id })).documents.length;
    await expect.poll(() => panel.getByRole('rowheader').count()).toBe(6);
    await panel.getByRole('combobox', { name: 'Document set' }).selectOption({ label: `Set: My sample (${members})` });
    await expect.poll(() => panel.getByRole('rowheader').count()).toBe(members + 1);
    await h.shots('sets-stance-scope');

    await h.page
      .getByRole('button', { name: /^Export/ })
      .first()
      .click();
    const dialog = h.page.getByRole('dialog', { name: 'Export' });
    await dialog
      .getByRole('combobox', { name: 'Only the documents of a set' })
      .selectOption({ label: `Set: My sample (${members})` });
    await h.shot('sets-export-scope');
    await dialog.getByRole('button', { name: 'Close' }).click();
  });
});
