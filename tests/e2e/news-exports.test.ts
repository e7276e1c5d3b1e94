// A news database's download dropped on the workbench: each article its own
// document in the library, its export fields shown in its details; and the
// export dialog offers the documents as references to cite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/browser.ts';
import { ARTICLES, factivaCoded } from '../helpers/news-exports.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe('news database downloads in the workbench', () => {
  it('imports each article of a Factiva export, and shows its fields in the document’s details', async () => {
    await h.page
      .getByLabel('Files to import')
      .setInputFiles([{ name: 'factiva.txt', mimeType: 'text/plain', buffer: Buffer.from(factivaCoded(ARTICLES)) }]);
    await expect.poll(() => h.page.locator('.count').textContent()).toBe('8 documents');
    // One file, three articles: the banner counts documents.
    expect(await h.page.locator('.banner').first().textContent()).toMatch(/^Imported 3 documents\./);
    await h.page.getByRole('button', { name: new RegExp(ARTICLES[1]!.headline) }).click();
    const pane = h.page.locator('[data-pane="0"]');
    await pane.getByRole('button', { name: 'Edit details' }).click();
    const fields = pane.getByRole('definition');
    const names = pane.getByRole('term');
    await expect
      .poll(() => names.allTextContents())
      .toEqual([
        'Export',
        'Length',
        'Time',
        'Source code',
        'Copyright',
        'Subjects',
        'Regions',
        'Descriptors',
        'Accession number',
      ]);
    expect(await fields.allTextContents()).toContain('LBA0000020220302ei3300abc');
    const form = pane.getByRole('form', { name: 'Details of this document' });
    expect(await form.getByLabel('Published (YYYY-MM-DD)').inputValue()).toBe('2022-03-03');
    expect(await form.getByLabel('Source (outlet)').inputValue()).toBe('Süddeutsche Zeitung');
    await h.shots('news-export-details');
  });

  it('offers the documents as references to cite in the export dialog', async () => {
    await h.page.getByRole('button', { name: 'Export…' }).click();
    const dialog = h.page.getByRole('dialog');
    await dialog.getByRole('radio', { name: 'References to cite (.ris)' }).check();
    expect(await dialog.getByRole('radio', { name: 'References to cite (CSL-JSON)' }).count()).toBe(1);
    await h.shot('news-export-dialog');
  });
});
