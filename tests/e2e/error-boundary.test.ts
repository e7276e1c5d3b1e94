// A part of the workbench that fails while drawing itself says so in words
// with a way back, instead of a blank window. The failure is made as a real
// one would come: an answer the reader cannot draw (a document without its
// text), given by intercepting the harness's API in the browser, so the
// product needs no test-only hook.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/browser.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe('the error boundary', () => {
  it('shows the reader’s failure in words, keeps the rest of the workbench working, and offers a reload that draws it anew', async () => {
    const { page } = h;
    // The next document asked for comes back without its text.
    await page.route('**/api/getDocument', async (route) => {
      const response = await route.fetch();
      const answer = (await response.json()) as { ok: boolean; value: Record<string, unknown> };
      delete answer.value.body;
      await route.fulfill({ response, json: answer });
    });
    await page.locator('.library-row button').first().click();
    const failure = page.getByRole('alert', { name: 'The reader failed' });
    await failure.waitFor();
    expect(await failure.locator('h2').textContent()).toBe('The reader stopped working');
    expect(await failure.locator('p').first().textContent()).toBe(
      'Something went wrong while showing it. Your project is safe: every change was saved as you made it.',
    );
    // What broke, for a bug report: the reader read the text that was not there.
    expect(await failure.locator('q').textContent()).toMatch(/^Cannot read properties of undefined \(reading '\w+'\)$/);
    // Not a white screen: the library and the top bar are still there and still work.
    expect(await page.locator('.library-row button').count()).toBe(5);
    await page.fill('#search-input', 'Lukashenka');
    await expect.poll(() => page.locator('.search-status').textContent()).toBe('2 documents');
    await h.shots('error-boundary');

    // With the answers whole again, the boundary's own reload draws the reader anew.
    await page.unroute('**/api/getDocument');
    await failure.getByRole('button', { name: 'Reload the workbench' }).click();
    await page.waitForSelector('.library-row button');
    await page.locator('.library-row button').first().click();
    await page.locator('[data-pane="0"]').waitFor();
    expect(await page.getByRole('alert', { name: 'The reader failed' }).count()).toBe(0);
  });
});
