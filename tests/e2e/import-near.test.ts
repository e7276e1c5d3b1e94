// The import banner when many new documents are very like ones already here: every one is flagged (the
// engine checks them all), ten are offered at a time with how many more wait, and the next shows as one is settled.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/browser.ts';
import { SEEDS_DIR } from '../helpers/project.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(() => h?.close());

describe('near-duplicates in the import banner', () => {
  it('offers ten at a time, says how many more, and shows the next as one is settled', async () => {
    const { page } = h;
    const seeds = readdirSync(SEEDS_DIR).filter((n) => n.endsWith('.txt'));
    // Twelve reprints of the sample articles, each under its own headline and with its own furniture.
    const files = Array.from({ length: 12 }, (_, i) => {
      const text = readFileSync(join(SEEDS_DIR, seeds[i % seeds.length]!), 'utf8');
      return {
        name: `reprint-${String(i + 1).padStart(2, '0')}.txt`,
        mimeType: 'text/plain',
        buffer: Buffer.from(`Reprint ${i + 1} of a wire story\n\n${text}\nShare this article (${i + 1})\n`),
      };
    });
    await page.getByLabel('Files to import').setInputFiles(files);
    const list = page.getByRole('list', { name: 'Near-duplicates' });
    await expect.poll(() => list.getByRole('button', { name: 'Keep both' }).count()).toBe(10);
    await expect.poll(() => list.textContent()).toContain('and 2 more near-duplicates, shown as you settle these.');
    await h.shots('import-near-duplicates');
    await list.getByRole('button', { name: 'Keep both' }).first().click();
    await expect.poll(() => list.textContent()).toContain('and 1 more near-duplicate, shown as you settle these.');
    await expect.poll(() => list.getByRole('button', { name: 'Keep both' }).count()).toBe(10);
  }, 60_000);
});
