// The import banner of an import with more files to look at than the report lists: the first are shown, the
// banner says how many more there are, and where the rest are written (a file beside the project).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/browser.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(() => h?.close());

describe('an import with more to look at than the report lists', () => {
  it('shows the first, says how many more, and names the file that lists them', async () => {
    const { page } = h;
    // One spreadsheet of 1,101 rows of the same article: one is imported, 1,100 are duplicates of it.
    const rows = Array.from({ length: 1101 }, () => 'Minsk hosts talks,The talks in Minsk went on for a second day.');
    const files = [{ name: 'many.csv', mimeType: 'text/csv', buffer: Buffer.from(`title,text\n${rows.join('\n')}\n`) }];
    await page.getByLabel('Files to import').setInputFiles(files);
    const banner = page.getByRole('status').filter({ hasText: 'Imported 1 document' });
    await expect.poll(() => banner.textContent(), { timeout: 60_000 }).toContain('1,100 already in the project');
    // The report lists 1,000; the banner shows ten of them and says how many more it lists, then the file for the rest.
    await expect.poll(() => banner.textContent()).toContain('… and 990 more to look at');
    await expect.poll(() => banner.textContent()).toMatch(/100 more to look at are listed in .+ import .+\.txt\./);
    await h.shots('import-many');
  }, 120_000);
});
