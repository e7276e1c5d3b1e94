// The attribute table in the workbench: add typed attributes, choose and type
// values, paste a block from a spreadsheet (what does not fit its type is
// refused in words), sort and show one value only.
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

const dialog = () => h.page.getByRole('dialog', { name: 'Document attributes' });

describe('document attributes in the workbench', () => {
  it('adds typed attributes and takes values typed, chosen and pasted, refusing what does not fit', async () => {
    await h.page.getByRole('button', { name: 'Attributes…' }).click();
    await expect.poll(() => dialog().getByRole('status').textContent()).toBe('5 documents');
    for (const [name, type, choices] of [
      ['Outlet type', 'A choice from a list', 'state, independent, foreign'],
      ['Circulation', 'A number', ''],
    ] as const) {
      await dialog().getByRole('button', { name: 'New attribute…' }).click();
      const form = dialog().getByRole('form', { name: 'New attribute' });
      await form.getByLabel('Name').fill(name);
      await form.getByLabel('Holds').selectOption({ label: type });
      if (choices) await form.getByLabel('Choices').fill(choices);
      await form.getByRole('button', { name: 'Add' }).click();
      await expect
        .poll(() =>
          dialog()
            .getByRole('button', { name: new RegExp(`^${name}`) })
            .count(),
        )
        .toBe(1);
    }
    const first = dialog().getByRole('row').nth(1);
    const title = (await first.getByRole('rowheader').textContent())!;
    await dialog()
      .getByRole('combobox', { name: `Outlet type of ${title}` })
      .selectOption('state');
    await dialog()
      .getByRole('textbox', { name: `Circulation of ${title}` })
      .fill('1 200');
    await dialog()
      .getByRole('textbox', { name: `Circulation of ${title}` })
      .press('Enter');
    await expect
      .poll(async () => (await call(h.project, 'attributeTable', {})).rows[0]!.values)
      .toEqual({ 1: 'state', 2: '1200' });

    // Two rows of two cells, copied from a spreadsheet, pasted into the second row's first cell; one value is not a choice.
    const second = (await dialog().getByRole('row').nth(2).getByRole('rowheader').textContent())!;
    await dialog()
      .getByRole('combobox', { name: `Outlet type of ${second}` })
      .evaluate((el) => {
        const data = new DataTransfer();
        data.setData('text/plain', 'independent\t45000\ntabloid\t9000\n');
        el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      });
    const refused = dialog().getByRole('list', { name: 'What was refused or decided' });
    await expect
      .poll(() => refused.textContent())
      .toBe('“tabloid” is not one of the choices for “Outlet type” (“state”, “independent”, “foreign”).');
    expect(
      await dialog()
        .getByText(/^3 values changed, 1 refused\.$/)
        .count(),
    ).toBe(1);
    await h.shots('attributes-table');

    // Sorted by circulation, largest first; then only the independent outlets.
    await dialog()
      .getByRole('button', { name: /^Circulation/ })
      .click();
    await dialog()
      .getByRole('button', { name: /^Circulation/ })
      .click();
    await expect
      .poll(() =>
        dialog()
          .getByRole('textbox', { name: /^Circulation of / })
          .first()
          .inputValue(),
      )
      .toBe('45000');
    await dialog().getByRole('combobox', { name: 'Show only documents by Outlet type' }).selectOption('independent');
    await expect.poll(() => dialog().getByRole('status').textContent()).toBe('1 documents with this value');

    // The library filters by a value too.
    await dialog().getByRole('button', { name: 'Close' }).click();
    await h.page.getByRole('combobox', { name: 'Attribute' }).selectOption({ label: 'Outlet type: state' });
    await expect.poll(() => h.page.locator('.count').textContent()).toBe('1 document');
    await h.shot('attributes-library-filter');
    await h.page.getByRole('combobox', { name: 'Attribute' }).selectOption({ label: 'Any attribute' });
  });

  it('shows the stance overview by outlet type', async () => {
    // The harness's project has the stance codes and their exclusive group.
    const book = await call(h.project, 'getCodebook', {});
    const neutral = book.codes.find((c) => c.name === 'Belarus neutral')!;
    const complicit = book.codes.find((c) => c.name === 'Belarus complicit')!;
    expect(book.groups.find((g) => g.exclusive)?.codeIds).toEqual(expect.arrayContaining([neutral.id, complicit.id]));
    const rows = (await call(h.project, 'attributeTable', {})).rows;
    for (const [i, row] of rows.slice(0, 3).entries())
      await call(h.project, 'applyCode', {
        documentId: row.id,
        codeId: i === 1 ? neutral.id : complicit.id,
        start: 0,
        end: 120,
      });
    await h.reload();
    await openAnalysisTab(h.page, 'Stances');
    const panel = h.page.getByRole('complementary', { name: 'Analysis' });
    await panel.getByRole('combobox', { name: 'By' }).selectOption({ label: 'Outlet type' });
    await expect.poll(() => panel.getByRole('columnheader').first().textContent()).toBe('Outlet type');
    expect(await panel.getByRole('rowheader').allTextContents()).toEqual(
      expect.arrayContaining(['state', 'independent', 'No Outlet type']),
    );
    await h.shots('stance-by-attribute');
    // Only the independent outlets: one row, and its documents.
    await panel.getByRole('combobox', { name: 'Documents' }).selectOption({ label: 'Outlet type: independent' });
    await expect.poll(() => panel.getByRole('rowheader').allTextContents()).toEqual(['independent', 'All documents']);
  });

  it('groups the matrix columns by outlet type', async () => {
    await openAnalysisTab(h.page, 'Matrix');
    const panel = h.page.getByRole('complementary', { name: 'Analysis' });
    await panel.getByRole('combobox', { name: 'Columns' }).selectOption({ label: 'Outlet type' });
    await expect
      .poll(() => panel.locator('table.matrix thead th').allTextContents())
      .toEqual(['Code', 'state', 'independent', 'No Outlet type']);
    await h.shot('matrix-by-attribute');
  });

  it('counts code co-occurrence in the documents of one attribute value', async () => {
    await openAnalysisTab(h.page, 'Co-occurrence');
    const panel = h.page.getByRole('complementary', { name: 'Analysis' });
    await panel.getByRole('combobox', { name: 'Documents' }).selectOption({ label: 'Outlet type: state' });
    // The state outlets' passages hold one code only: said as such, not as a project with nothing coded.
    await expect
      .poll(() => panel.locator('.placeholder').textContent())
      .toBe('The documents chosen have passages of fewer than two codes: nothing can occur together in them.');
    await panel.getByRole('combobox', { name: 'Documents' }).selectOption({ label: 'All documents' });
    await expect.poll(() => panel.getByRole('columnheader').count()).toBeGreaterThan(2);
    await h.shot('cooccurrence-by-attribute');
  });
});
