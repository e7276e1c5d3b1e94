import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../src/main/core/engine.ts';
import { startHarness, type Harness } from '../helpers/browser.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await h.page.waitForSelector('.library-row button');
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
    await dialog().getByRole('checkbox', { name: /Photo captions/ }).uncheck();
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
    await expect.poll(async () => (await call(h.project, 'getDocument', { id: 3 })).body).toContain('Sponsored Stories');
  });
});
