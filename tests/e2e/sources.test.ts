import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../src/main/core/engine.ts';
import { openAnalysisTab } from './reader.ts';
import { startHarness, type Harness } from '../helpers/browser.ts';
import { SEED_TITLES } from '../helpers/seed-titles.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const dialog = () => h.page.getByRole('dialog', { name: 'Clean up documents' });
const status = () => dialog().getByRole('status').textContent();

describe('cleaning up scraped sources', () => {
  it('shows every line each rule would remove before anything changes', async () => {
    await h.page.getByRole('button', { name: 'Clean up…' }).click();
    await expect.poll(status).toBe('14 lines in 3 documents. The original files are kept.');
    const lines = dialog().getByRole('region', { name: 'Lines to remove' });
    expect(await lines.locator('del').allTextContents()).toContain('Click to Read More and View Comments');
    await h.shot('s1-cleanup-preview');
    await dialog()
      .getByRole('checkbox', { name: /Photo captions/ })
      .uncheck();
    await expect.poll(status).toBe('10 lines in 2 documents. The original files are kept.');
    expect((await call(h.project, 'getDocument', { id: 3 })).body).toContain('Sponsored Stories');
  });

  it('removes them in one step, which undo takes back', async () => {
    await dialog().getByRole('button', { name: 'Remove 10 lines' }).click();
    await expect.poll(status).toMatch(/^Removed 10 lines from 2 documents\./);
    expect((await call(h.project, 'getDocument', { id: 3 })).body).not.toContain('Sponsored Stories');
    expect((await call(h.project, 'getDocument', { id: 1 })).body).toContain('Photo: AFP / Mikhail Klimentyev');
    await dialog().getByRole('button', { name: 'Close' }).click();
    await h.page.getByRole('button', { name: 'Undo' }).click();
    await expect
      .poll(async () => (await call(h.project, 'getDocument', { id: 3 })).body)
      .toContain('Sponsored Stories');
  });

  it('corrects a document’s details from its pane; a bad date is refused with the reason', async () => {
    await h.page.getByRole('button', { name: /001_b5026d01219ff992/ }).click();
    const pane = h.page.locator('[data-pane="0"]');
    await pane.getByRole('button', { name: 'Edit details' }).click();
    const form = pane.getByRole('form', { name: 'Details of this document' });
    await form.getByLabel('Source (outlet)').fill('Carnegie Politika');
    await form.getByLabel('Published (YYYY-MM-DD)').fill('20.12.2022');
    await form.getByRole('button', { name: 'Save details' }).click();
    await expect
      .poll(() => form.getByRole('alert').textContent())
      .toMatch(/published: give a date as YYYY, YYYY-MM or YYYY-MM-DD/);
    await form.getByLabel('Published (YYYY-MM-DD)').fill('2022-12-20');
    await form.getByLabel('Title').fill('Why Minsk stays out of the war');
    await form.getByRole('button', { name: 'Save details' }).click();
    await expect
      .poll(() => pane.locator('.doc-heading').textContent())
      .toBe('Why Minsk stays out of the warCarnegie Politika · 2022-12-20');
    await expect
      .poll(() => h.page.locator('.library-row', { hasText: 'Why Minsk stays out' }).textContent())
      .toContain('Carnegie Politika · 2022-12-20');
    await h.shot('s2-details');
    await h.page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => pane.locator('.doc-heading h2').textContent()).toBe(SEED_TITLES['001']);
  });

  it('flags a near-copy of an article at import, and removes the new one when asked', async () => {
    const wire = (await call(h.project, 'getDocument', { id: 3 })).body;
    const copy = `Ukraine warns Belarus may join the war\n\n${wire.replace(/Mr\. Putin/g, 'President Putin')}`;
    await h.page
      .getByLabel('Files to import')
      .setInputFiles([{ name: 'wire-copy.txt', mimeType: 'text/plain', buffer: Buffer.from(copy) }]);
    const flagged = h.page.getByRole('list', { name: 'Near-duplicates' });
    await expect
      .poll(() => flagged.textContent())
      .toMatch(
        /^“Ukraine warns Belarus may join the war” is very like “Russia launched dozens of explosive-laden drones at targets in Kyiv early Monday, only…” \(\d+% of its passages are the same\)/,
      );
    await expect.poll(() => h.page.locator('.count').textContent()).toBe('6 documents');
    await h.shot('s3-near-duplicate');
    // The copy brought its page furniture along: offered for review, limited to the new document.
    await h.page.getByRole('button', { name: 'Review 8 lines of page furniture…' }).click();
    await expect.poll(status).toBe('8 lines in 1 document. The original files are kept.');
    expect(await dialog().locator('.cleanup-preview h3').allTextContents()).toEqual([
      'Ukraine warns Belarus may join the war',
    ]);
    await dialog().getByRole('button', { name: 'Close' }).click();
    await flagged.getByRole('button', { name: 'Remove the new one' }).click();
    await expect.poll(() => h.page.locator('.count').textContent()).toBe('5 documents');
    expect((await call(h.project, 'history', { limit: 1 }))[0]!.description).toBe(
      'Delete “Ukraine warns Belarus may join the war”',
    );
  });

  it('groups the matrix by a document variable: which sources use a code, and where', async () => {
    const code = (await call(h.project, 'getCodebook', {})).codes.find((c) => c.name === 'Belarus co-belligerent')!;
    for (const documentId of [3, 5])
      await call(h.project, 'applyCode', { documentId, codeId: code.id, start: 200, end: 260 });
    await openAnalysisTab(h.page, 'Matrix');
    await h.page.getByLabel('Columns').selectOption('source');
    const headers = h.page.locator('.matrix thead th');
    await expect.poll(() => headers.allTextContents()).toEqual(['Code', 'The Washington', 'No source']);
    await h.page.locator(`[data-cell="${code.id}:The Washington Times"]`).click();
    await expect.poll(() => h.page.locator('.analysis .segment').count()).toBe(1);
    await h.page.getByLabel('Columns').selectOption('year');
    await expect.poll(() => headers.allTextContents()).toEqual(['Code', '2022', 'No date']);
    expect(await h.page.locator(`[data-cell="${code.id}:2022"]`).textContent()).toMatch(/^2/);
    await h.shot('s4-matrix-by-year');
  });
});
